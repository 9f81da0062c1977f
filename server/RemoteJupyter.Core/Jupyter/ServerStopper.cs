using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// Stops a server we started, in one remote command: Jupyter's own <c>POST /api/shutdown</c> (it shuts its
/// kernels down), then SIGTERM, then SIGKILL to its process group and children, each step bounded; then its
/// tmux session (if any) and its folder go. Only a process whose environment points at that server's folder is
/// signalled, so a recycled pid is never hit. A container server gets Jupyter's shutdown, then the engine's
/// <c>stop -t</c> and <c>rm</c>.
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
        gone_within() {
          i=0
          while is_ours "$pid" "$dir" && [ "$i" -lt "$1" ]; do sleep 0.1; i=$((i + 1)); done
          ! is_ours "$pid" "$dir"
        }
        if [ -f "$dir/container" ]; then
          # A container: Jupyter's own shutdown, then the engine's stop (SIGTERM, then SIGKILL after the grace), then rm.
          engine=$(cat "$dir/engine") name=$(cat "$dir/container")
          how=not-running
          if is_ours "$pid" "$dir"; then
            how=shut-down
            asked=$("$(cat "$dir/python")" -c "$PROBE" shutdown "$dir" 2>/dev/null)
            { [ "$asked" = asked ] && gone_within "$shutdown_grace"; } || how=terminated
          fi
          "$engine" stop -t "$grace_seconds" "$name" >/dev/null 2>&1
          "$engine" rm -f "$name" >/dev/null 2>&1
          if container_exists "$dir"; then printf 'container-left\t%s rm -f %s\n' "$engine" "$name"; exit 0; fi
          rm -rf "$dir"
          printf '%s\n' "$how"
          exit 0
        fi
        how=not-running
        if is_ours "$pid" "$dir"; then
          how=shut-down
          py=$(cat "$dir/python" 2>/dev/null)
          asked=$([ -n "$py" ] && [ -f "$dir/state.json" ] && "$py" -c "$PROBE" shutdown "$dir" 2>/dev/null)
          if [ "$asked" != asked ] || ! gone_within "$shutdown_grace"; then
            how=terminated
            kill -TERM "$pid" 2>/dev/null
            if ! gone_within "$grace"; then
              how=killed
              kids=$(pgrep -P "$pid" 2>/dev/null)
              kill -KILL "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
              [ -z "$kids" ] || kill -KILL $kids 2>/dev/null
              gone_within 30 || true
            fi
          fi
        fi
        if grep -q '"persistence": "tmux"' "$dir/state.json" 2>/dev/null && command -v tmux >/dev/null 2>&1; then
          tmux kill-session -t "remote-jupyter-$id" 2>/dev/null
        fi
        rm -rf "$dir"
        printf '%s\n' "$how"
        """;

    private readonly ILogger<ServerStopper> logger;

    /// <summary>Creates the stopper.</summary>
    public ServerStopper(ILogger<ServerStopper> logger) => this.logger = logger;

    /// <summary>How long Jupyter's own shutdown gets before SIGTERM.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long SIGTERM gets before SIGKILL.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Stops server <paramref name="id"/>. Returns how: shut-down, terminated, killed or not-running.</summary>
    public async Task<string> StopAsync(RemoteShell shell, ServerLayout layout, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(layout);
        var script = $"servers={layout.QuotedServersDir}\nid={ShellQuote.Quote(id)}\n" +
            $"grace={(int)(Grace.TotalSeconds * 10)}\nshutdown_grace={(int)(ShutdownGrace.TotalSeconds * 10)}\ngrace_seconds={(int)Math.Ceiling(Grace.TotalSeconds)}\n" +
            $"PROBE={ShellQuote.Quote(ServerProbeScript.Source)}\n{ServerShellFunctions.Source}\n{Script}";
        var result = await shell.RunScriptAsync("stop-server", script, cancellationToken);
        var how = result.Stdout.Trim();
        if (how == "missing")
        {
            throw new RemoteJupyterException(ErrorCode.ServerNotFound, $"No server {id} on this host (looked in {layout.ServersDir}).");
        }

        if (how.StartsWith("container-left\t", StringComparison.Ordinal))
        {
            throw new RemoteJupyterException(
                ErrorCode.RemoteCommandFailed, $"Server {id}'s container could not be removed. Remove it on the host with: {how["container-left\t".Length..]}");
        }

        if (!result.Succeeded || how.Length == 0)
        {
            throw new RemoteJupyterException(ErrorCode.RemoteCommandFailed, $"Stopping server {id} failed: {result.Stderr.Trim()}");
        }

        LogStopped(logger, id, how);
        return how;
    }

    /// <summary>
    /// Runs the script that starts server <paramref name="id"/>. When cancelled, the script may already have started the
    /// server: it is stopped by id, and once more a second later, since the script can outlive the cancel and create it
    /// after the first stop. Each stop is best effort within <paramref name="cleanupBudget"/>.
    /// </summary>
    public async Task<RemoteResult> RunLaunchScriptAsync(
        RemoteShell shell, ServerLayout layout, string id, string scriptName, string script, TimeSpan cleanupBudget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        try
        {
            return await shell.RunScriptAsync(scriptName, script, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogLaunchCancelled(logger, id);
            using var cleanup = new CancellationTokenSource(cleanupBudget);
            await TryStopByIdAsync(shell, layout, id, cleanup.Token);
            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            await TryStopByIdAsync(shell, layout, id, cleanup.Token);
            throw;
        }
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

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Start of server {Id} cancelled; stopping whatever started")]
    private static partial void LogLaunchCancelled(ILogger logger, string id);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Clean-up stop of {Id} did not complete: {Reason}")]
    private static partial void LogCleanupFailed(ILogger logger, string id, string reason);
}
