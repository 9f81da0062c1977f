using System.Security.Cryptography;
using System.Text;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Environments.Creation;

/// <summary>
/// Builds the sh script that makes one environment: every value from the request is assigned once, quoted, at
/// the top (or written through a quoted here-document), the rest only uses "$variables". Tool output streams
/// through as it comes (the person watches pip and conda work); our own records are the lines that start with
/// <see cref="RecordPrefix"/>. On failure, and on SIGTERM (cancel), the half-made environment is removed.
/// </summary>
internal static class CreationScript
{
    /// <summary>Marks a line as ours rather than a tool's.</summary>
    public const string RecordPrefix = "@rj\t";

    private const string Prelude = """
        set -f
        rec() { printf '@rj'; for f in "$@"; do printf '\t%s' "$(printf '%s' "$f" | tr '\t\n' '  ' | cut -c1-2000)"; done; printf '\n'; }
        export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_PROGRESS_BAR=off
        work="${TMPDIR:-$HOME/.remote-jupyter/tmp}/create-$$"
        mkdir -p "$work" && chmod 700 "$work" || { rec fail no-workdir "$work"; exit 0; }
        log="$work/log"
        : > "$log"
        # Streams the command's output and keeps it for the failure message; the status survives the pipe.
        run() { rec step "$*"; { "$@" 2>&1; printf '%s' "$?" > "$work/status"; } | tee -a "$log"; return "$(cat "$work/status" 2>/dev/null || echo 1)"; }
        # Tools end with hints and channel lists; the error lines themselves say more, so they come first.
        excerpt() { { grep -iE 'error|not found|no matching|cannot|could not' "$log" | tail -n 5; tail -n 8 "$log"; } | awk '!seen[$0]++'; }
        failed() { discard; rec fail "$1" "$(excerpt)"; rm -rf "$work"; exit 0; }
        """;

    private const string PrefixTarget = """
        if [ -e "$target" ] && [ -n "$(ls -A "$target" 2>/dev/null)" ]; then
          rec fail path-taken "$target"; rm -rf "$work"; exit 0
        fi
        existed=0
        [ -e "$target" ] && existed=1
        # Leave nothing half-made; an empty folder that was there before stays.
        discard() { if [ "$existed" = 1 ]; then rm -rf "$target"/* "$target"/.[!.]* "$target"/..?* 2>/dev/null; else rm -rf "$target"; fi; }
        trap 'discard; rm -rf "$work"; exit 143' TERM HUP INT
        """;

    private const string PickBasePython = """
        pick() {
          for p in "$@"; do
            [ -n "$p" ] && [ -x "$p" ] && "$p" -I -c "import venv, ensurepip$want" >/dev/null 2>&1 && { printf '%s' "$p"; return 0; }
          done
          return 1
        }
        want=
        [ "$system_site" = 1 ] && want=", jupyter_server, ipykernel"
        base=$(pick "$base" "$(command -v python3 2>/dev/null)" /usr/local/bin/python3 /usr/bin/python3) \
          || { want=; base=$(pick "$base" "$(command -v python3 2>/dev/null)" /usr/local/bin/python3 /usr/bin/python3); } \
          || { rec fail no-venv-module; rm -rf "$work"; exit 0; }
        """;

    private const string FindTool = """
        if [ -z "$tool" ]; then
          for t in $candidates; do
            found=$(command -v "$t" 2>/dev/null) && { tool=$found; break; }
          done
        fi
        [ -n "$tool" ] && [ -x "$tool" ] || { rec fail no-tool "$candidates"; rm -rf "$work"; exit 0; }
        """;

    private const string Finish = """
        [ -x "$py" ] || failed no-python-in-env
        if [ "$kernel" = 1 ] && ! "$py" -c 'import ipykernel' >/dev/null 2>&1; then
          install_kernel_support || failed install-failed
        fi
        trap - TERM HUP INT
        rec created "$prefix" "$py" "$("$py" -I -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)"
        rm -rf "$work"
        """;

    public static string Build(EnvironmentCreateRequest request)
    {
        var script = new StringBuilder(Prelude).AppendLine();
        Assign(script, "kernel", request.KernelName is null ? "0" : "1");
        switch (request.Kind)
        {
            case EnvironmentKind.Venv:
                Venv(script, request);
                break;
            case EnvironmentKind.Conda:
                Conda(script, request);
                break;
            case EnvironmentKind.Uv:
                Uv(script, request);
                break;
            default:
                throw new ArgumentException($"Cannot create a {request.Kind} environment.", nameof(request));
        }

        script.AppendLine(Finish);
        return script.ToString();
    }

    private static void Venv(StringBuilder script, EnvironmentCreateRequest request)
    {
        script.Append("target=").AppendLine(ShellQuote.QuotePath(request.Path));
        Assign(script, "system_site", request.SystemSitePackages ? "1" : "0");
        Assign(script, "base", request.BasePython ?? string.Empty);
        script.AppendLine(PrefixTarget).AppendLine(PickBasePython);
        script.AppendLine(request.SystemSitePackages
            ? """run "$base" -m venv --system-site-packages "$target" || failed venv-failed"""
            : """run "$base" -m venv "$target" || failed venv-failed""");
        script.AppendLine("""prefix=$target; py="$target/bin/python" """);
        PipInstalls(script, request, """ "$py" -m pip install""");
        script.AppendLine("""install_kernel_support() { run "$py" -m pip install ipykernel; }""");
    }

    private static void Uv(StringBuilder script, EnvironmentCreateRequest request)
    {
        script.Append("target=").AppendLine(ShellQuote.QuotePath(request.Path));
        Assign(script, "tool", request.Tool ?? string.Empty);
        Assign(script, "candidates", "uv");
        script.AppendLine(PrefixTarget).AppendLine(FindTool);
        var options = new List<string>();
        if (request.PythonVersion is { } version)
        {
            options.Add("--python");
            options.Add(version);
        }

        if (request.SystemSitePackages)
        {
            options.Add("--system-site-packages");
        }

        script.Append("run \"$tool\" venv ").Append(Words(options)).AppendLine(""" "$target" || failed uv-failed""");
        script.AppendLine("""prefix=$target; py="$target/bin/python" """);
        PipInstalls(script, request, """ "$tool" pip install --python "$py" """);
        script.AppendLine("""install_kernel_support() { run "$tool" pip install --python "$py" ipykernel; }""");
    }

    private static void Conda(StringBuilder script, EnvironmentCreateRequest request)
    {
        var named = !request.Path.Contains('/', StringComparison.Ordinal);
        Assign(script, "tool", request.Tool ?? string.Empty);
        Assign(script, "candidates", "mamba micromamba conda");
        if (named)
        {
            Assign(script, "name", request.Path);
            script.AppendLine("""
                trap 'discard; rm -rf "$work"; exit 143' TERM HUP INT
                """);
        }
        else
        {
            script.Append("target=").AppendLine(ShellQuote.QuotePath(request.Path));
            script.AppendLine(PrefixTarget);
        }

        script.AppendLine(FindTool);
        if (named)
        {
            // Defined after FindTool: removing a named env needs the tool. Only what this script created goes.
            script.AppendLine("""
                if "$tool" env list 2>/dev/null | awk '{ print $1 }' | grep -qxF -- "$name"; then
                  rec fail name-taken "$name"; rm -rf "$work"; exit 0
                fi
                discard() { "$tool" env remove -y -n "$name" >/dev/null 2>&1; }
                """);
        }

        var place = named ? """-n "$name" """ : """-p "$target" """;
        if (request.EnvironmentFile is { } file)
        {
            HereDocument(script, "yml", "environment.yml", file);
            script.Append("case \"$tool\" in *micromamba) run \"$tool\" create -y ").Append(place).AppendLine("""-f "$yml" || failed conda-failed ;;""");
            script.Append("  *) run \"$tool\" env create ").Append(place).AppendLine("""-f "$yml" || failed conda-failed ;;""");
            script.AppendLine("esac");
        }
        else
        {
            var specs = new List<string> { request.PythonVersion is { } version ? "python=" + version : "python" };
            if (request.KernelName is not null)
            {
                specs.Add("ipykernel");
            }

            specs.AddRange(request.Packages);
            script.Append("run \"$tool\" create -y ").Append(place).Append(Words(specs)).AppendLine(" || failed conda-failed");
        }

        script.AppendLine(named
            ? """prefix=$("$tool" run -n "$name" python -c 'import sys; print(sys.prefix)' 2>/dev/null | tail -n 1); py="$prefix/bin/python" """
            : """prefix=$target; py="$target/bin/python" """);
        // Packages went into `create` (or the environment.yml); a requirements file still goes through pip, inside the env.
        PipInstalls(script, request with { Packages = [] }, """ "$py" -m pip install""");

        script.AppendLine("""install_kernel_support() { run "$tool" install -y -p "$prefix" ipykernel; }""");
    }

    /// <summary>requirements.txt and packages, through pip (or uv pip): <paramref name="pip"/> is the command start.</summary>
    private static void PipInstalls(StringBuilder script, EnvironmentCreateRequest request, string pip)
    {
        if (request.Requirements is { } requirements)
        {
            HereDocument(script, "req", "requirements.txt", requirements);
            script.Append("run").Append(pip).AppendLine(""" -r "$req" || failed install-failed""");
        }

        if (request.Packages.Count > 0)
        {
            script.Append("run").Append(pip).Append(" -- ").Append(Words(request.Packages)).AppendLine(" || failed install-failed");
        }
    }

    /// <summary>
    /// Writes <paramref name="content"/> to a file in the work folder through a here-document whose quoted
    /// delimiter is random and absent from the content, so nothing in it is expanded or ends it early.
    /// </summary>
    private static void HereDocument(StringBuilder script, string variable, string fileName, string content)
    {
        string delimiter;
        do
        {
            delimiter = "RJ_END_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        }
        while (content.Contains(delimiter, StringComparison.Ordinal));

        script.Append(variable).Append("=\"$work/").Append(fileName).AppendLine("\"");
        script.Append("cat > \"$").Append(variable).Append("\" <<'").Append(delimiter).AppendLine("'");
        script.Append(content);
        if (!content.EndsWith('\n'))
        {
            script.Append('\n');
        }

        script.AppendLine(delimiter);
    }

    private static void Assign(StringBuilder script, string variable, string value) =>
        script.Append(variable).Append('=').AppendLine(ShellQuote.Quote(value));

    private static string Words(IEnumerable<string> words) => ShellQuote.Join(words);
}
