using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// Stops a server we started: SIGTERM (jupyter_server then shuts its kernels down), then SIGKILL to the
/// whole session after a bounded wait, then removes its folder. Only a process whose environment
/// points at that server's folder is signalled, so a recycled pid is never hit.
/// </summary>
public sealed partial class ServerStopper
{
    private const string Script = """
        dir="$servers/$id"
        [ -d "$dir" ] || { printf 'missing\n'; exit 0; }
        pid=$(cat "$dir/pid" 2>/dev/null)
        if [ -z "$pid" ]; then
          # Start was cancelled before the pid was written: find the server by its private runtime dir.
          pid=$(grep -lzxF "JUPYTER_RUNTIME_DIR=$dir/runtime" /proc/[0-9]*/environ 2>/dev/null | head -n 1 | cut -d/ -f3)
        fi
        ours() {
          [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
          if [ -r "/proc/$pid/environ" ]; then
            tr '\0' '\n' <"/proc/$pid/environ" | grep -qxF "JUPYTER_RUNTIME_DIR=$dir/runtime"
          else
            ps -p "$pid" -o command= 2>/dev/null | grep -q jupyter
          fi
        }
        how=not-running
        if ours; then
          kill -TERM "$pid" 2>/dev/null
          how=terminated
          i=0
          while ours && [ "$i" -lt "$grace" ]; do sleep 0.1; i=$((i + 1)); done
          if ours; then
            kill -KILL "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
            how=killed
          fi
        fi
        rm -rf "$dir"
        printf '%s\n' "$how"
        """;

    private readonly ILogger<ServerStopper> logger;

    /// <summary>Creates the stopper.</summary>
    public ServerStopper(ILogger<ServerStopper> logger) => this.logger = logger;

    /// <summary>How long SIGTERM gets before SIGKILL.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stops server <paramref name="id"/>. Returns how: terminated, killed or not-running.</summary>
    public async Task<string> StopAsync(RemoteShell shell, ServerLayout layout, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(layout);
        var script = $"servers={layout.QuotedServersDir}\nid={ShellQuote.Quote(id)}\ngrace={(int)(Grace.TotalSeconds * 10)}\n{Script}";
        var result = await shell.RunScriptAsync("stop-server", script, cancellationToken);
        var how = result.Stdout.Trim();
        if (how == "missing")
        {
            throw new RemoteJupyterException(ErrorCode.ServerNotFound, $"No server {id} on this host (looked in {layout.ServersDir}).");
        }

        if (!result.Succeeded || how.Length == 0)
        {
            throw new RemoteJupyterException(ErrorCode.RemoteCommandFailed, $"Stopping server {id} failed: {result.Stderr.Trim()}");
        }

        LogStopped(logger, id, how);
        return how;
    }

    /// <summary>Best-effort stop for clean-up paths; never throws except for a dead connection.</summary>
    public async Task TryStopByIdAsync(RemoteShell shell, ServerLayout layout, string id, CancellationToken cancellationToken)
    {
        try
        {
            await StopAsync(shell, layout, id, cancellationToken);
        }
        catch (Exception ex) when (ex is RemoteJupyterException or OperationCanceledException)
        {
            LogCleanupFailed(logger, id, ex.Message);
        }
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Server {Id} stopped ({How})")]
    private static partial void LogStopped(ILogger logger, string id, string how);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Clean-up stop of {Id} did not complete: {Reason}")]
    private static partial void LogCleanupFailed(ILogger logger, string id, string reason);
}
