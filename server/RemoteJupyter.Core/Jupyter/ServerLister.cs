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
          printf '1\t%s\t%s\n' "$(tr -d '\n' <"$d/state.json")" "${health:-null}"
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
        return result.Records(3)
            .Where(fields => fields.Length == 3)
            .Select(fields => RemoteServerJson.Parse(fields[1], fields[0] == "1") is { } server ? server with { Health = Health(fields[2]) } : null)
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
