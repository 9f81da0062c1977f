using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Renci.SshNet;
using Renci.SshNet.Common;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Liveness and reconnect: a keep-alive probe that expects replies, and when the transport fails (the probe
/// hears nothing, or SSH.NET reports the socket gone), a new transport made with what this connection already
/// has (keys, the accepted password, the trusted host key) and never a question to the person, retried with
/// capped exponential backoff until <see cref="ReconnectWindow"/> runs out.
/// </summary>
public sealed partial class SshConnection
{
    /// <summary>ServerAliveInterval when ssh_config sets none; ssh's default is off, ours is 15 s × 3.</summary>
    private static readonly TimeSpan DefaultAliveInterval = TimeSpan.FromSeconds(15);

    private readonly Lock stateLock = new();
    private readonly CancellationTokenSource closing = new();
    private TrustedHostKey hostKey;
    private ConnectionState state = ConnectionState.Connected;
    private bool disposed;

    /// <summary>Raised on every change of <see cref="State"/>, on a thread-pool thread.</summary>
    public event EventHandler<ConnectionStateChanged>? StateChanged;

    /// <summary>Raised after a reconnect, before <see cref="StateChanged"/> says connected: tunnels move to the new transport here.</summary>
    internal event EventHandler? TransportReplaced;

    /// <summary>Connected, reconnecting or lost.</summary>
    public ConnectionState State
    {
        get
        {
            lock (stateLock)
            {
                return state;
            }
        }
    }

    /// <summary>How long reconnect attempts go on before the connection is given up as lost.</summary>
    public TimeSpan ReconnectWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the probe asks (ServerAliveInterval).</summary>
    internal TimeSpan AliveInterval => Host.ServerAliveInterval > 0 ? TimeSpan.FromSeconds(Host.ServerAliveInterval) : DefaultAliveInterval;

    /// <summary>Silence after which the connection counts as dead: ServerAliveInterval × ServerAliveCountMax.</summary>
    internal TimeSpan AliveBound => AliveInterval * Math.Max(1, Host.ServerAliveCountMax);

    /// <summary>
    /// The longest wait between reconnect attempts: the liveness bound, so that a host that lets us in again is
    /// reached within about the time it takes to notice it went away, but at least 1 s and at most 30 s.
    /// </summary>
    private TimeSpan RetryCap => TimeSpan.FromSeconds(Math.Clamp(AliveBound.TotalSeconds, 1, 30));

    /// <summary>Makes <paramref name="transport"/> the current one and starts watching it.</summary>
    private void Attach(Transport transport)
    {
        var attached = transport.Client;
        Volatile.Write(ref client, attached);
        route = transport.Route;
        hostKey = transport.HostKey;
        attached.ErrorOccurred += OnTransportError;
        if (reconnects)
        {
            probe = KeepAliveProbe.Start(attached, AliveInterval, Host.ServerAliveCountMax, logger);
            probe?.Dead += (_, reason) => TransportFailed(attached, reason);
        }
    }

    /// <summary>Stops watching the current transport and hands it over for closing. Call under <see cref="stateLock"/>.</summary>
    private Transport Detach()
    {
        var current = Client;
        current.ErrorOccurred -= OnTransportError;
        probe?.Dispose();
        probe = null;
        var detached = new Transport(current, route, hostKey);
        route = null;
        return detached;
    }

    private void OnTransportError(object? sender, ExceptionEventArgs e) => TransportFailed(sender as SshClient, e.Exception.Message);

    private void TransportFailed(SshClient? failed, string reason)
    {
        Transport old;
        lock (stateLock)
        {
            if (disposed || state != ConnectionState.Connected || !ReferenceEquals(failed, Client))
            {
                return;
            }

            old = Detach();
            state = reconnects ? ConnectionState.Reconnecting : ConnectionState.Lost;
        }

        LogLost(logger, DisplayName, reason);

        // Raised on SSH.NET's receive thread or the probe's: closing the client there would wait for itself.
        _ = Task.Run(() => Close(old));
        if (!reconnects)
        {
            Raise(new ConnectionStateChanged(ConnectionState.Lost, $"The connection to {DisplayName} was lost: {reason}."));
            return;
        }

        Raise(new ConnectionStateChanged(ConnectionState.Reconnecting, $"The connection to {DisplayName} was lost ({reason}); reconnecting…", 1, TimeSpan.Zero));
        _ = Task.Run(() => ReconnectAsync(reason));
    }

    private async Task ReconnectAsync(string reason)
    {
        var token = closing.Token;
        var started = Stopwatch.GetTimestamp();
        var attempts = 0;
        var pipeline = new ResiliencePipelineBuilder<Transport>()
            .AddTimeout(ReconnectWindow)
            .AddRetry(new RetryStrategyOptions<Transport>
            {
                ShouldHandle = new PredicateBuilder<Transport>().Handle<Exception>(IsWorthRetrying),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = RetryCap,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    var why = args.Outcome.Exception?.Message ?? "unknown failure";
                    LogRetry(logger, DisplayName, args.AttemptNumber + 1, args.RetryDelay.TotalSeconds, why);
                    Raise(new ConnectionStateChanged(
                        ConnectionState.Reconnecting,
                        $"Reconnecting to {DisplayName}: attempt {args.AttemptNumber + 1} failed ({why}); trying again in {args.RetryDelay.TotalSeconds:0.#} s.",
                        args.AttemptNumber + 2,
                        args.RetryDelay));
                    return default;
                },
            })
            .Build();
        try
        {
            var transport = await pipeline.ExecuteAsync(
                async attemptToken =>
                {
                    Interlocked.Increment(ref attempts);
                    var unattended = new UnattendedPrompts();
                    try
                    {
                        return await OpenThroughRouteAsync(Host, openRoute, identities, secrets, hostKey, unattended, loggerFactory, attemptToken);
                    }
                    catch (Exception ex) when (unattended.NeedsPerson && ex is not OperationCanceledException)
                    {
                        throw new ReconnectNeedsPersonException(unattended.Question!, ex);
                    }
                },
                token);
            lock (stateLock)
            {
                if (disposed)
                {
                    Close(transport);
                    return;
                }

                Attach(transport);
                state = ConnectionState.Connected;
            }

            TransportReplaced?.Invoke(this, EventArgs.Empty);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            LogReconnected(logger, DisplayName, attempts, seconds);
            Raise(new ConnectionStateChanged(ConnectionState.Connected, $"Reconnected to {DisplayName} ({Attempts(attempts)}, {seconds:0.#} s)."));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed while reconnecting: nothing to report to.
        }
        catch (Exception ex)
        {
            lock (stateLock)
            {
                if (disposed)
                {
                    return;
                }

                state = ConnectionState.Lost;
            }

            var message = ex switch
            {
                TimeoutRejectedException => $"Gave up reconnecting to {DisplayName} after {ReconnectWindow.TotalMinutes:0.#} minutes ({Attempts(attempts)}); it was lost because {reason}. Connect again when the host is reachable.",
                ReconnectNeedsPersonException needs => $"Reconnecting to {DisplayName} needs you: the host asks for {needs.Question}. Connect again to answer.",
                ViaLostException via => $"Gave up reconnecting to {DisplayName} ({Attempts(attempts)}): {via.Message}",
                _ => $"Could not reconnect to {DisplayName}: {ex.Message}",
            };
            LogGaveUp(logger, DisplayName, message);
            Raise(new ConnectionStateChanged(ConnectionState.Lost, message, attempts));
        }
    }

    /// <summary>A changed or revoked host key, or a question for the person, ends reconnecting; anything else may pass.</summary>
    private static bool IsWorthRetrying(Exception ex) => ex switch
    {
        ReconnectNeedsPersonException => false,
        ViaLostException => false,
        OperationCanceledException => false,
        RemoteJupyterException { Code: ErrorCode.HostKeyChanged or ErrorCode.HostKeyRevoked or ErrorCode.HostKeyNotTrusted } => false,
        _ => true,
    };

    private static string Attempts(int count) => count == 1 ? "1 attempt" : $"{count} attempts";

    private void Raise(ConnectionStateChanged change)
    {
        LogState(logger, DisplayName, change.State, change.Message);
        try
        {
            StateChanged?.Invoke(this, change);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A listener's bug must not stop the reconnect.
            LogListenerFailed(logger, ex.Message);
        }
    }

    /// <summary>The host asked something only the person can answer (a one-time code, an unknown host key).</summary>
    private sealed class ReconnectNeedsPersonException(string question, Exception inner) : Exception(question, inner)
    {
        public string Question { get; } = question;
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Connection to {Host} lost: {Reason}")]
    private static partial void LogLost(ILogger logger, string host, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Reconnect to {Host}: attempt {Attempt} failed, next in {Seconds:0.#} s: {Reason}")]
    private static partial void LogRetry(ILogger logger, string host, int attempt, double seconds, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Reconnected to {Host} after {Attempts} attempt(s) in {Seconds:0.#} s")]
    private static partial void LogReconnected(ILogger logger, string host, int attempts, double seconds);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Gave up on {Host}: {Message}")]
    private static partial void LogGaveUp(ILogger logger, string host, string message);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "{Host} is now {State}: {Message}")]
    private static partial void LogState(ILogger logger, string host, ConnectionState state, string message);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "A connection-state listener failed: {Message}")]
    private static partial void LogListenerFailed(ILogger logger, string message);
}
