using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// One remote command that either finds the person's running server for an environment and folder (pid alive
/// and ours, <c>/api/status</c> answering with the token from Jupyter's 0600 runtime file) or takes the host's
/// start lock for it, so that two clients connecting at once start one server, not two. The lock is a
/// <c>mkdir</c> under <c>~/.remote-jupyter/locks/</c> holding its owner's sshd session pid: a lock whose owner's
/// connection is gone (or that is older than <see cref="StaleLockAfter"/>) is broken. Stale server folders are
/// cleaned on the way.
/// </summary>
public sealed partial class ServerClaimer
{
    private const string Script = """
        umask 077
        mkdir -p "$servers" "$locks" && chmod 700 "$servers/.." "$servers" "$locks" || { printf 'fail\tstate-dir\n'; exit 0; }
        norm() { if [ -d "$1" ]; then (cd "$1" 2>/dev/null && pwd -P) || printf '%s' "$1"; else printf '%s' "$1"; fi; }
        case $kind in
          env) what="env:$(norm "$target")" ;;
          python) what="python:$target" ;;
          image) what="image:$target" ;;
          dockerfile) what="dockerfile:$(norm "$target")" ;;
          *) what=default ;;
        esac
        key="$what|workdir:$(norm "$workdir")"
        lock="$locks/$(printf '%s' "$key" | cksum | cut -d' ' -f1)"
        find_server() {
          [ "$reuse" = 1 ] || return 1
          for d in "$servers"/*/; do
            d=${d%/}
            [ -f "$d/state.json" ] && [ -f "$d/key" ] && [ "$(cat "$d/key")" = "$key" ] || continue
            is_ours "$(cat "$d/pid" 2>/dev/null)" "$d" || continue
            # This runs without the login environment: should the server's Python need it (a library path set in an
            # rc file), any python3 on sshd's PATH runs the probe, which uses only the standard library.
            probe=$("$(cat "$d/python")" -c "$PROBE" token "$d" 2>/dev/null || python3 -c "$PROBE" token "$d" 2>/dev/null) || continue
            case $probe in *'"token"'*) ;; *) continue ;; esac
            printf 'found\t%s\t%s\n' "$(tr -d '\n' <"$d/state.json")" "$probe"
            return 0
          done
          return 1
        }
        owner_alive() {
          owner=$(cat "$lock/owner" 2>/dev/null) || return 0
          set -- $owner
          [ -n "$2" ] && [ $(( $(date +%s) - $2 )) -lt "$stale" ] || return 1
          [ -d "/proc/$1" ] || kill -0 "$1" 2>/dev/null
        }
        clean_stale
        i=0
        while :; do
          find_server && exit 0
          if mkdir "$lock" 2>/dev/null; then
            printf '%s %s\n' "$PPID" "$(date +%s)" >"$lock/owner"
            printf '%s' "$key" >"$lock/key"
            if find_server; then rm -rf "$lock"; exit 0; fi
            printf 'acquired\t%s\n' "$lock"
            after_acquire
            exit 0
          fi
          if ! owner_alive; then rm -rf "$lock"; continue; fi
          [ "$i" -lt "$wait" ] || { printf 'busy\n'; exit 0; }
          sleep 0.1
          i=$((i + 1))
        done
        """;

    private readonly ILogger<ServerClaimer> logger;

    /// <summary>Creates the claimer.</summary>
    public ServerClaimer(ILogger<ServerClaimer> logger) => this.logger = logger;

    /// <summary>How long a connect waits for another client's start of the same server.</summary>
    public TimeSpan WaitForOtherStart { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>A lock older than this is broken even if its owner's connection still seems alive.</summary>
    public TimeSpan StaleLockAfter { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Finds a running server for <paramref name="target"/> (unless <paramref name="reuse"/> is false) or takes
    /// the start lock for it.
    /// </summary>
    public Task<ServerClaim> ClaimAsync(RemoteShell shell, ServerLayout layout, ServerClaimTarget target, bool reuse, CancellationToken cancellationToken) =>
        ClaimAsync(shell, layout, target, reuse, afterAcquire: null, cancellationToken);

    /// <summary>
    /// Like <see cref="ClaimAsync(RemoteShell, ServerLayout, ServerClaimTarget, bool, CancellationToken)"/>, and once
    /// the lock is taken also runs <paramref name="afterAcquire"/> in the same remote command (a round trip and an
    /// sshd session saved), reported in <see cref="ServerClaim.Acquired.FollowUp"/>. It runs in a subshell, in sshd's
    /// environment (<see cref="RemoteShell.RunScriptInSshdEnvironmentAsync"/>), and must not need the lock.
    /// </summary>
    public async Task<ServerClaim> ClaimAsync(
        RemoteShell shell, ServerLayout layout, ServerClaimTarget target, bool reuse, string? afterAcquire, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(target);
        var script =
            $"servers={layout.QuotedServersDir}\nlocks={layout.QuotedLocksDir}\n" +
            $"kind={ShellQuote.Quote(target.Kind)}\ntarget={(target.Path.Length == 0 ? "''" : ShellQuote.QuotePath(target.Path))}\n" +
            $"workdir={(target.WorkingDirectory is { } w ? ShellQuote.QuotePath(w) : "\"$HOME\"")}\n" +
            $"reuse={(reuse ? 1 : 0)}\nwait={Tenths(WaitForOtherStart)}\nstale={(int)StaleLockAfter.TotalSeconds}\n" +
            $"PROBE={ShellQuote.Quote(ServerProbeScript.Source)}\n" +
            ServerShellFunctions.Source + "\n" +
            "after_acquire() {\n" + (afterAcquire is null ? ":" : "(\n" + afterAcquire + "\n) </dev/null") + "\n}\n" + Script;
        var result = await shell.RunScriptInSshdEnvironmentAsync("claim-server", script, cancellationToken);
        var line = result.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("found\t", StringComparison.Ordinal) ||
            l.StartsWith("acquired\t", StringComparison.Ordinal) || l is "busy" || l.StartsWith("fail\t", StringComparison.Ordinal));
        var fields = line?.Split('\t') ?? [];
        switch (fields.FirstOrDefault())
        {
            case "found" when fields.Length == 3 && RemoteServerJson.Parse(fields[1]) is { } server && ReadToken(fields[2]) is { } token:
                LogFound(logger, server.Id, server.Pid, server.Port);
                return new ServerClaim.Found(server, token);
            case "acquired" when fields.Length == 2:
                LogAcquired(logger, target.Kind, target.Path);
                return new ServerClaim.Acquired(fields[1]) { FollowUp = afterAcquire is null ? null : result };
            case "busy":
                throw new RemoteJupyterException(
                    ErrorCode.ServerBusy,
                    $"Another connection has been starting a server for this environment for over {WaitForOtherStart.TotalMinutes:0} minutes. " +
                    $"Wait for it and connect again, or remove {layout.LocksDir} on the host if nothing is starting.");
            case "fail":
                throw new RemoteJupyterException(
                    ErrorCode.ServerStartFailed, $"Could not create the state folder {layout.ServersDir} on the host: check that your home is writable.");
            default:
                // Never quote stdout here: a found line carries the token.
                throw new RemoteJupyterException(
                    ErrorCode.RemoteCommandFailed, $"Looking for a running server failed (exit {result.ExitCode}): {RemoteResult.Excerpt(result.Stderr)}");
        }
    }

    /// <summary>Gives the start lock back when the start failed before the launch script took it over.</summary>
    public async Task ReleaseAsync(RemoteShell shell, string lockPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        try
        {
            await shell.RunScriptInSshdEnvironmentAsync("release-lock", $"rm -rf {ShellQuote.Quote(lockPath)}", cancellationToken);
        }
        catch (Exception ex) when (ex is RemoteJupyterException or OperationCanceledException)
        {
            // The lock's owner check breaks it for the next client once this connection is gone.
            LogReleaseFailed(logger, ex.Message);
        }
    }

    private static JupyterToken? ReadToken(string probeJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(probeJson);
            return doc.RootElement.TryGetProperty("token", out var token) && token.GetString() is { } value
                ? JupyterToken.FromValue(value)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Tenths(TimeSpan span) => ((long)(span.TotalSeconds * 10)).ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Found running server {Id} (pid {Pid}, remote port {Port}) for this environment")]
    private static partial void LogFound(ILogger logger, string id, int pid, int port);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug, Message = "No running server for {Kind} {Path}: start lock taken")]
    private static partial void LogAcquired(ILogger logger, string kind, string path);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Debug, Message = "Could not release the start lock: {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, string reason);
}
