using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>Lists the servers recorded on a host, marking the ones whose process is gone.</summary>
public sealed class ServerLister
{
    private const string Script = """
        for d in "$servers"/*/; do
          [ -f "$d/state.json" ] || continue
          pid=$(cat "$d/pid" 2>/dev/null)
          alive=0
          [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && alive=1
          if [ "$alive" = 1 ] && [ -r "/proc/$pid/stat" ] && [ "$(sed 's/.*) //' "/proc/$pid/stat" | cut -c1)" = Z ]; then alive=0; fi
          printf '%s\t' "$alive"
          tr -d '\n' <"$d/state.json"
          printf '\n'
        done
        """;

    /// <summary>Every server state file under the layout's root, newest first.</summary>
    public async Task<IReadOnlyList<RemoteServer>> ListAsync(RemoteShell shell, ServerLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(layout);
        var result = await shell.RunScriptAsync("list-servers", $"servers={layout.QuotedServersDir}\n{Script}", cancellationToken);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', 2))
            .Where(parts => parts.Length == 2)
            .Select(parts => RemoteServerJson.Parse(parts[1], parts[0] == "1"))
            .OfType<RemoteServer>()
            .OrderByDescending(s => s.StartedAt)
            .ToList();
    }
}
