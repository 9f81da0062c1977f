using System.Text;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Environments.Creation;

/// <summary>
/// The sh script that deletes one environment, and only an environment: the folder must hold
/// <c>pyvenv.cfg</c> or <c>conda-meta/</c>, and a conda installation's own root is refused. This user's
/// kernelspecs that run its interpreter go with it.
/// </summary>
internal static class DeletionScript
{
    /// <summary>Prints the user kernel folders whose argv[0] lies inside the prefix (sys.argv[1]).</summary>
    private const string KernelsOf = """
        import json, os, sys
        prefix = os.path.join(os.path.realpath(sys.argv[1]), "")
        root = os.path.join(os.environ.get("JUPYTER_DATA_DIR") or os.path.expanduser("~/.local/share/jupyter"), "kernels")
        for name in sorted(os.listdir(root)) if os.path.isdir(root) else []:
            try:
                with open(os.path.join(root, name, "kernel.json"), encoding="utf-8") as f:
                    argv0 = (json.load(f).get("argv") or [""])[0]
            except Exception:
                continue
            if os.path.isabs(argv0) and os.path.join(os.path.realpath(os.path.dirname(argv0)), "").startswith(prefix):
                print(json.dumps(os.path.join(root, name)))
        """;

    public static string Build(string path)
    {
        var script = new StringBuilder("set -f\n");
        script.Append("target=").AppendLine(ShellQuote.QuotePath(path));
        script.Append("KERNELS_OF=").AppendLine(ShellQuote.Quote(KernelsOf));
        script.AppendLine("""
            if [ ! -f "$target/pyvenv.cfg" ] && [ ! -d "$target/conda-meta" ]; then
              printf 'fail\tnot-an-environment\n'; exit 0
            fi
            if [ -d "$target/conda-meta" ] && [ -d "$target/envs" ] && [ -d "$target/condabin" -o -x "$target/bin/conda" ]; then
              printf 'fail\tconda-root\n'; exit 0
            fi
            py=
            for p in "$target/bin/python3" "$target/bin/python" /usr/bin/python3; do [ -x "$p" ] && { py=$p; break; }; done
            [ -n "$py" ] && "$py" -I -c "$KERNELS_OF" "$target" 2>/dev/null | while IFS= read -r k; do
              printf 'kernel\t%s\n' "$k"
              # Each line is one JSON string; python turns it back into the path it came from.
              "$py" -I -c 'import json, shutil, sys; shutil.rmtree(json.loads(sys.argv[1]), ignore_errors=True)' "$k"
            done
            rm -rf "$target" || { printf 'fail\trm\n'; exit 0; }
            printf 'deleted\n'
            """);
        return script.ToString();
    }
}
