using System.Text.Json;
using RemoteJupyter.Core.Json;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// Lists this user's servers on a host in one remote command: stale folders (process gone, or the pid now
/// somebody else's) are removed first, and each live server is asked for its kernels, connections and last
/// activity, and measured for memory. A container server whose container exited is listed as not alive, with its exit
/// code and last log lines, until it is stopped.
/// </summary>
public sealed class ServerLister
{
    private const string Script = """
        clean_stale
        for d in "$servers"/*/; do
          d=${d%/}
          [ -f "$d/state.json" ] || continue
          py=$(cat "$d/python" 2>/dev/null)
          health= exited=
          if [ -f "$d/container" ] && ! is_ours "$(cat "$d/pid" 2>/dev/null)" "$d"; then
            # An exited container: its exit code and last log lines (newlines as RS, tabs as spaces).
            e=$(cat "$d/engine") c=$(cat "$d/container")
            exited=$(printf '%s\t%s' "$("$e" inspect --format '{{.State.ExitCode}}' "$c" 2>/dev/null)" "$("$e" logs --tail 10 "$c" 2>&1 | tr '\t\n' ' \036')")
          elif [ -n "$py" ]; then
            health=$("$py" -c "$PROBE" status "$d" 2>/dev/null)
          fi
          printf '%s\t%s\t%s\n' "$(tr -d '\n' <"$d/state.json")" "${health:-null}" "$exited"
        done
        """;

    /// <summary>Every live server under the layout's root, newest first.</summary>
    public async Task<IReadOnlyList<RemoteServer>> ListAsync(RemoteShell shell, ServerLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(layout);
        var script = $"servers={layout.QuotedServersDir}\nPROBE={ShellQuote.Quote(ServerProbeScript.Source)}\n{ServerShellFunctions.Source}\n{Script}";
        var result = await shell.RunScriptAsync("list-servers", script, cancellationToken);
        // clean_stale ran first: every server still recorded is alive, or is a container that exited.
        return result.Records(4)
            .Where(fields => fields.Length >= 2)
            .Select(fields => RemoteServerJson.Parse(fields[0]) is { } server ? Exited(server with { Health = Health(fields[1]) }, fields) : null)
            .OfType<RemoteServer>()
            .OrderByDescending(s => s.StartedAt)
            .ToList();
    }

    private static RemoteServer Exited(RemoteServer server, string[] fields)
    {
        if (fields.Length < 4 || (fields[2].Length == 0 && fields[3].Length == 0))
        {
            return server;
        }

        var code = int.TryParse(fields[2], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
        var lines = fields[3].Split('\u001e', StringSplitOptions.RemoveEmptyEntries);
        return server with { Alive = false, ExitCode = code, LastLogLines = lines };
    }

    private static ServerHealth? Health(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, CoreJsonContext.Default.ServerHealth);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
