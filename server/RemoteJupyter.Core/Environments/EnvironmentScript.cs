using System.Text;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Environments;

/// <summary>
/// Builds the one POSIX sh script that prepares an environment in a single round trip: discover every
/// python3 (the first on PATH is often a pyenv shim or a bare build without Jupyter), create the venv
/// if asked and missing, then import jupyter_server and ipykernel for real. It prints tab-separated
/// records that <see cref="EnvironmentPreparer"/> reads.
/// </summary>
internal static class EnvironmentScript
{
    /// <summary>Directories searched after $PATH; where distributions and installers put Python.</summary>
    public const string WellKnownDirectories = "/usr/local/bin:/usr/bin:/bin:/opt/conda/bin:/opt/homebrew/bin";

    private const string Probe = """
        import sys, importlib.util as u
        def has(m):
            try:
                return "1" if u.find_spec(m) else "0"
            except Exception:
                return "0"
        print("\t".join(["python", sys.argv[1], sys.executable, "%d.%d.%d" % sys.version_info[:3]] + [has(m) for m in ("venv", "jupyter_server", "ipykernel", "jupyterlab")] + ["1" if sys.prefix != sys.base_prefix else "0"]))
        """;

    // Where people keep their venvs; each bin/ folder is searched like a PATH entry.
    private const string VenvHomes = """
        for d in "$HOME"/.venvs/*/bin "$HOME"/.virtualenvs/*/bin "$HOME"/venvs/*/bin; do
          [ -d "$d" ] && search_path="$search_path:$d"
        done
        """;

    private const string Verify = """
        import sys
        def version(name):
            try:
                return __import__(name).__version__
            except Exception as e:
                return "!" + type(e).__name__ + ": " + str(e).replace("\t", " ").replace("\n", " ")
        print("\t".join(["verify", sys.executable, "%d.%d.%d" % sys.version_info[:3]] + [version(m) for m in ("jupyter_server", "ipykernel", "jupyterlab")]))
        """;

    private const string Functions = """
        set -f
        probe() { "$1" -E -c "$PROBE" "$1" 2>/dev/null; }
        discover() {
          seen=:
          old_ifs=$IFS
          IFS=:
          for d in $search_path; do
            IFS=$old_ifs
            if [ -n "$d" ] && [ -x "$d/python3" ] && [ ! -d "$d/python3" ]; then
              real=$(readlink -f "$d/python3" 2>/dev/null || printf '%s' "$d/python3")
              case "$seen" in
                *":$real:"*) ;;
                *) seen="$seen$real:"; probe "$d/python3" ;;
              esac
            fi
            IFS=:
          done
          IFS=$old_ifs
        }
        """;

    public static string Build(EnvironmentRequest request, bool createVenv = true)
    {
        var script = Prelude(request.SearchPath);

        if (request.EnvironmentPath is not null)
        {
            script.Append("env=").AppendLine(ShellQuote.QuotePath(request.EnvironmentPath));
            script.AppendLine(UseEnvironment);
        }
        else if (request.PythonPath is not null)
        {
            script.Append("py=").AppendLine(ShellQuote.QuotePath(request.PythonPath));
            script.AppendLine("""[ -x "$py" ] || { printf 'fail\tno-python\t%s\n' "$py"; exit 0; }""");
        }
        else if (request.VenvPath is not null)
        {
            script.Append("venv=").AppendLine(ShellQuote.QuotePath(request.VenvPath));
            script.Append("system_site=").AppendLine(request.SystemSitePackages ? "1" : "0");
            script.AppendLine(createVenv ? CreateVenv : ExistingVenv);
        }
        else
        {
            script.AppendLine(ChooseServingPython);
        }

        script.AppendLine("""printf 'chosen\t%s\n' "$py"; "$py" -E -c "$VERIFY" 2>&1 | tail -n 1""");
        return script.ToString();
    }

    private static StringBuilder Prelude(string? searchPath)
    {
        var script = new StringBuilder();
        script.Append("PROBE=").AppendLine(ShellQuote.Quote(Probe));
        script.Append("VERIFY=").AppendLine(ShellQuote.Quote(Verify));
        if (searchPath is null)
        {
            script.AppendLine("search_path=\"$PATH:" + WellKnownDirectories + "\"");
            script.AppendLine(VenvHomes);
        }
        else
        {
            script.Append("search_path=").AppendLine(ShellQuote.Quote(searchPath));
        }

        script.AppendLine(Functions);
        return script;
    }

    private const string ExistingVenv = """
        py="$venv/bin/python"
        [ -x "$py" ] || { printf 'fail\tvenv-missing\t%s\n' "$venv"; exit 0; }
        printf 'venv-existing\t%s\n' "$venv"
        """;

    private const string CreateVenv = """
        py="$venv/bin/python"
        if [ -x "$py" ]; then
          printf 'venv-existing\t%s\n' "$venv"
        else
          if [ -e "$venv" ] && [ -n "$(ls -A "$venv" 2>/dev/null)" ]; then
            printf 'fail\tvenv-path-taken\t%s\n' "$venv"; exit 0
          fi
          candidates=$(discover)
          printf '%s\n' "$candidates"
          base=
          if [ "$system_site" = 1 ]; then
            base=$(printf '%s\n' "$candidates" | awk -F '\t' '$5 == 1 && $6 == 1 && $7 == 1 { print $2; exit }')
          fi
          [ -n "$base" ] || base=$(printf '%s\n' "$candidates" | awk -F '\t' '$5 == 1 { print $2; exit }')
          if [ -z "$base" ]; then
            if [ -z "$candidates" ]; then printf 'fail\tno-python\n'; else printf 'fail\tno-venv-module\n'; fi
            exit 0
          fi
          existed=0
          [ -e "$venv" ] && existed=1
          # Leave nothing half-made, on failure and on cancel (SIGTERM); an empty folder that was there stays.
          discard() { if [ "$existed" = 1 ]; then rm -rf "$venv"/* "$venv"/.[!.]* 2>/dev/null; else rm -rf "$venv"; fi; }
          trap 'discard; exit 143' TERM HUP INT
          flag=
          [ "$system_site" = 1 ] && flag=--system-site-packages
          if ! out=$("$base" -m venv $flag "$venv" 2>&1); then
            discard
            printf 'fail\tvenv-failed\t%s\n' "$(printf '%s' "$out" | tr '\t\n' '  ' | cut -c1-2000)"
            exit 0
          fi
          trap - TERM HUP INT
          printf 'venv-created\t%s\t%s\n' "$venv" "$base"
        fi
        """;

    // The environment's own python serves when it can; with only ipykernel it runs the kernels of a server from
    // the first Python that can serve.
    private const string UseEnvironment = """
        envpy=
        for c in "$env/bin/python3" "$env/bin/python"; do [ -x "$c" ] && { envpy=$c; break; }; done
        [ -n "$envpy" ] || { printf 'fail\tno-environment\t%s\n' "$env"; exit 0; }
        own=$(probe "$envpy")
        printf '%s\n' "$own"
        case "$(printf '%s' "$own" | awk -F '\t' '{ print $6 $7 }')" in
          11) py=$envpy ;;
          ?1)
            printf 'kernel-python\t%s\n' "$envpy"
            candidates=$(discover)
            printf '%s\n' "$candidates"
            py=$(printf '%s\n' "$candidates" | awk -F '\t' '$6 == 1 && $7 == 1 { print $2; exit }')
            [ -n "$py" ] || { printf 'fail\tno-jupyter\n'; exit 0; }
            ;;
          *) printf 'fail\tno-ipykernel-in-environment\t%s\n' "$envpy"; exit 0 ;;
        esac
        """;

    private const string ChooseServingPython = """
        candidates=$(discover)
        printf '%s\n' "$candidates"
        py=$(printf '%s\n' "$candidates" | awk -F '\t' '$6 == 1 && $7 == 1 { print $2; exit }')
        if [ -z "$py" ]; then
          if [ -z "$candidates" ]; then printf 'fail\tno-python\n'; else printf 'fail\tno-jupyter\n'; fi
          exit 0
        fi
        """;
}
