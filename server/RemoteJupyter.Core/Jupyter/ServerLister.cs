using System.Text.Json;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// Lists this user's servers on a host in one remote command: stale folders (process gone, or the pid now
/// somebody else's) are removed first, and each live server is asked for its kernels, connections and last
/// activity, and measured for memory.
/// </summary>
public sealed class ServerLister
{
    private const string Script = """
        clean_stale
        for d in "$servers"/*/; do
          d=${d%/}
          [ -f "$d/state.json" ] || continue
          py=$(cat "$d/python" 2>/dev/null)
          health=
          [ -z "$py" ] || health=$("$py" -c "$PROBE" status "$d" 2>/dev/null)
          printf '%s\t%s\n' "$(tr -d '\n' <"$d/state.json")" "${health:-null}"
        done
        """;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Every live server under the layout's root, newest first.</summary>
    public async Task<IReadOnlyList<RemoteServer>> ListAsync(RemoteShell shell, ServerLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(layout);
        var script = $"servers={layout.QuotedServersDir}\nPROBE={ShellQuote.Quote(ServerProbeScript.Source)}\n{ServerShellFunctions.Source}\n{Script}";
        var result = await shell.RunScriptAsync("list-servers", script, cancellationToken);
        // clean_stale ran first: every server still recorded is alive.
        return result.Records(2)
            .Where(fields => fields.Length == 2)
            .Select(fields => RemoteServerJson.Parse(fields[0]) is { } server ? server with { Health = Health(fields[1]) } : null)
            .OfType<RemoteServer>()
            .OrderByDescending(s => s.StartedAt)
            .ToList();
    }

    private static ServerHealth? Health(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ServerHealth>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
