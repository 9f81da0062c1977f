using System.Globalization;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>Reads a server's log: its end, or its end and then every new line (the log never holds the token: it is passed by environment).</summary>
public sealed class ServerLogReader
{
    // A container server's log is the engine's (Jupyter logs to stderr, which the engine keeps).
    private const string TailScript = """
        [ -d "$dir" ] || { printf 'missing\n'; exit 3; }
        if [ -f "$dir/container" ]; then
          printf '%s logs %s\n' "$(cat "$dir/engine")" "$(cat "$dir/container")"
          exec "$(cat "$dir/engine")" logs --tail "$lines" "$(cat "$dir/container")" 2>&1
        fi
        [ -f "$log" ] || { printf 'missing\n'; exit 3; }
        printf '%s\n' "$log"
        tail -n "$lines" "$log"
        """;

    // GNU tail follows by inotify and stops when the server exits (--pid); elsewhere plain -f polls until cancelled.
    private const string FollowScript = """
        [ -d "$dir" ] || { printf 'missing\n'; exit 3; }
        if [ -f "$dir/container" ]; then
          printf '%s logs %s\n' "$(cat "$dir/engine")" "$(cat "$dir/container")"
          exec "$(cat "$dir/engine")" logs -f --tail "$lines" "$(cat "$dir/container")" 2>&1
        fi
        [ -f "$log" ] || { printf 'missing\n'; exit 3; }
        printf '%s\n' "$log"
        pid=$(cat "$dir/pid" 2>/dev/null)
        if [ -n "$pid" ] && tail --pid="$pid" -n 0 /dev/null >/dev/null 2>&1; then
          exec tail -n "$lines" -F -s 0.2 --pid="$pid" "$log"
        fi
        exec tail -n "$lines" -f "$log"
        """;

    /// <summary>The last <paramref name="lines"/> lines of server <paramref name="id"/>'s log.</summary>
    public async Task<(string Path, string Text)> TailAsync(RemoteShell shell, ServerLayout layout, string id, int lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(layout);
        var script = Variables(layout, id, lines) + TailScript;
        var result = await shell.RunScriptAsync("server-logs", script, cancellationToken);
        ThrowIfMissing(result, layout, id);
        var newline = result.Stdout.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? (string.Empty, result.Stdout) : (result.Stdout[..newline], result.Stdout[(newline + 1)..]);
    }

    /// <summary>
    /// Reports the last <paramref name="lines"/> lines and then each new line, as it is written, to
    /// <paramref name="onLine"/>, until cancelled or until the server exits. Returns the log's path.
    /// </summary>
    public async Task<string> FollowAsync(
        RemoteShell shell, ServerLayout layout, string id, int lines, IProgress<string> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(onLine);
        string? path = null;
        var lineSink = new SynchronousProgress<string>(line =>
        {
            if (path is null)
            {
                path = line;
            }
            else
            {
                onLine.Report(line);
            }
        });
        var result = await shell.RunScriptAsync("follow-server-log", Variables(layout, id, lines) + FollowScript, lineSink, cancellationToken);
        ThrowIfMissing(result, layout, id);
        return path ?? string.Empty;
    }

    private static string Variables(ServerLayout layout, string id, int lines) =>
        $"dir={layout.QuotedServersDir}/{ShellQuote.Quote(id)}\nlog=\"$dir/server.log\"\n" +
        $"lines={Math.Clamp(lines, 0, 100_000).ToString(CultureInfo.InvariantCulture)}\n";

    private static void ThrowIfMissing(RemoteResult result, ServerLayout layout, string id)
    {
        if (result.ExitCode == 3)
        {
            throw new RemoteJupyterException(ErrorCode.ServerNotFound, $"No server {id} on this host (looked in {layout.ServersDir}).");
        }
    }
}
