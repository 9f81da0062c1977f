using System.Text;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Kernels;

/// <summary>
/// The sh scripts behind <see cref="KernelRegistrar"/>. Every value is assigned once, quoted, at the top; the
/// rest of each script only uses "$variables". They print tab-separated records: <c>fail</c>, <c>kernel</c>
/// (one JSON object) or <c>removed</c>.
/// </summary>
internal static class KernelScripts
{
    /// <summary>
    /// Reads kernel.json back and makes argv[0] the interpreter we registered with, exactly (not merely a path
    /// resolving to the same binary: a venv's python resolves to its base interpreter, which is the wrong env).
    /// </summary>
    private const string Check = """
        import json, os, sys
        py, folder = sys.argv[1], sys.argv[2]
        path = os.path.join(folder, "kernel.json")
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
        argv = spec.get("argv") or []
        repaired = not argv or argv[0] != py
        if repaired:
            spec["argv"] = [py] + (argv[1:] if argv else ["-m", "ipykernel_launcher", "-f", "{connection_file}"])
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(spec, f, indent=1)
            os.replace(tmp, path)
        print("kernel\t" + json.dumps({"dir": folder, "python": spec["argv"][0], "display_name": spec.get("display_name", ""), "repaired": repaired}))
        """;

    public static string Register(string python, string name, string displayName)
    {
        var script = new StringBuilder();
        script.Append("py=").AppendLine(ShellQuote.QuotePath(python));
        script.Append("name=").AppendLine(ShellQuote.Quote(name));
        script.Append("display=").AppendLine(ShellQuote.Quote(displayName));
        script.Append("CHECK=").AppendLine(ShellQuote.Quote(Check));
        script.AppendLine("""
            [ -x "$py" ] || { printf 'fail\tno-python\n'; exit 0; }
            "$py" -c 'import ipykernel' >/dev/null 2>&1 || { printf 'fail\tno-ipykernel\n'; exit 0; }
            if ! out=$("$py" -m ipykernel install --user --name "$name" --display-name "$display" 2>&1); then
              printf 'fail\tinstall\t%s\n' "$(printf '%s' "$out" | tr '\t\n' '  ' | cut -c1-2000)"; exit 0
            fi
            # ipykernel says where it wrote the spec: "Installed kernelspec NAME in DIR".
            folder=$(printf '%s\n' "$out" | sed -n 's/^Installed kernelspec .* in //p' | tail -n 1)
            [ -n "$folder" ] || folder="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels/$name"
            "$py" -I -c "$CHECK" "$py" "$folder" 2>&1 || printf 'fail\tcheck\n'
            """);
        return script.ToString();
    }

    public static string Unregister(string name)
    {
        var script = new StringBuilder();
        script.Append("name=").AppendLine(ShellQuote.Quote(name));
        script.AppendLine("""
            folder="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels/$name"
            [ -f "$folder/kernel.json" ] || { printf 'fail\tnot-found\t%s\n' "$folder"; exit 0; }
            rm -rf "$folder" && printf 'removed\t%s\n' "$folder"
            """);
        return script.ToString();
    }
}
