namespace RemoteJupyter.Core.Environments;

/// <summary>
/// The Python programs the discovery script runs. Every path they print goes through json.dumps (or an
/// octal escape that sh turns back into bytes), so no name, however hostile, can break a record or reach sh as code.
/// They stay valid down to Python 3.4 (find_spec) and never import anything outside the standard library.
/// </summary>
internal static class DiscoveryPython
{
    /// <summary>
    /// Run by each interpreter itself (argv: hint, prefix, python): what it is and what it can import.
    /// find_spec looks without importing, so a broken package cannot hang or crash the probe.
    /// </summary>
    public const string Probe = """
        import sys, os, json
        def has(m):
            try:
                import importlib.util as u
                return u.find_spec(m) is not None
            except Exception:
                return False
        def read(path):
            try:
                with open(path, "rb") as f:
                    return f.read(8192).decode("utf-8", "replace")
            except (IOError, OSError):
                return None
        hint, prefix, python = sys.argv[1:4]
        print("env\t" + json.dumps({
            "hint": hint, "prefix": prefix, "python": python,
            "executable": sys.executable, "sys_prefix": sys.prefix,
            "base_prefix": getattr(sys, "base_prefix", sys.prefix),
            "version": "%d.%d.%d" % tuple(sys.version_info[:3]),
            "ipykernel": has("ipykernel"), "jupyter_server": has("jupyter_server"),
            "conda_meta": bool(prefix) and os.path.isdir(os.path.join(prefix, "conda-meta")),
            "conda_root": bool(prefix) and any(os.path.isdir(os.path.join(prefix, d)) for d in ("condabin", "envs")),
            "pyvenv_cfg": read(os.path.join(prefix, "pyvenv.cfg")) if prefix else None}))
        """;

    /// <summary>
    /// Reads <c>conda env list --json</c> on stdin and prints each prefix as <c>\ooo</c> escapes, one a line:
    /// sh's printf turns that back into the exact bytes, newlines included, and it can never hold a <c>%</c>.
    /// </summary>
    public const string CondaEnvs = """
        import sys, os, json
        try:
            envs = json.loads(sys.stdin.buffer.read().decode("utf-8", "surrogateescape")).get("envs") or []
        except Exception:
            envs = []
        for p in envs:
            if isinstance(p, str) and p:
                print("".join("\\%03o" % b for b in bytearray(os.fsencode(p))))
        """;

    /// <summary>
    /// Lists the kernelspecs in Jupyter's own search order (argv[1]: the found prefixes, \001-separated, whose
    /// share/jupyter/kernels are searched last), one JSON record per kernel.json; a broken one becomes a warning.
    /// </summary>
    public const string Kernels = """
        import sys, os, json
        home = os.path.expanduser("~")
        dirs = [p + "/kernels" for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
        if os.environ.get("JUPYTER_DATA_DIR"):
            dirs.append(os.environ["JUPYTER_DATA_DIR"] + "/kernels")
        dirs.append(os.path.join(os.environ.get("XDG_DATA_HOME") or home + "/.local/share", "jupyter", "kernels"))
        dirs += [home + "/.local/share/jupyter/kernels", home + "/Library/Jupyter/kernels",
                 "/usr/local/share/jupyter/kernels", "/usr/share/jupyter/kernels"]
        dirs += [p + "/share/jupyter/kernels" for p in sys.argv[1].split("\001") if p]
        seen = set()
        for d in dirs:
            real = os.path.realpath(d)
            if real in seen or not os.path.isdir(d):
                continue
            seen.add(real)
            try:
                names = sorted(os.listdir(d))
            except OSError:
                continue
            for name in names:
                spec = os.path.join(d, name, "kernel.json")
                if not os.path.isfile(spec):
                    continue
                try:
                    with open(spec, "rb") as f:
                        k = json.loads(f.read(65536).decode("utf-8"))
                    argv = k.get("argv") or [None]
                    print("kernel\t" + json.dumps({
                        "name": name, "display_name": k.get("display_name") or name, "dir": os.path.join(d, name),
                        "argv0": argv[0] if isinstance(argv[0], str) else None,
                        "language": k.get("language") if isinstance(k.get("language"), str) else None}))
                except Exception as e:
                    print("warn\t" + json.dumps({"code": "bad-kernelspec", "path": spec, "detail": type(e).__name__}))
        """;
}
