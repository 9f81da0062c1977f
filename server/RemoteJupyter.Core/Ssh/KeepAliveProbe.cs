using System.Reflection;
using System.Text;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Messages;
using Renci.SshNet.Messages.Connection;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// ssh's ServerAliveInterval/ServerAliveCountMax: every interval, a <c>keepalive@openssh.com</c> global request
/// that wants a reply. Any reply (OpenSSH answers "failure" to a request it does not know) proves the server
/// is alive; when none came for interval × count, <see cref="Dead"/> is raised once. SSH.NET's own keep-alive
/// sends SSH_MSG_IGNORE and waits for nothing, so a half-open connection (a stopped sshd, a dropped NAT
/// entry) would otherwise go unnoticed until a write fails, which may be never.
/// </summary>
/// <remarks>
/// SSH.NET keeps the session and its send method internal; the request and reply events are public. The
/// three members are looked up once; <see cref="IsSupported"/> is false (and the probe does nothing) if a
/// future SSH.NET renames them, which a test catches.
/// </remarks>
internal sealed partial class KeepAliveProbe : IDisposable
{
    private static readonly PropertyInfo? SessionProperty =
        typeof(BaseClient).GetProperty("Session", BindingFlags.Instance | BindingFlags.NonPublic);

    private static readonly MethodInfo? SendMessageMethod =
        typeof(Session).GetMethod("SendMessage", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(Message)]);

    private static readonly ConstructorInfo? RequestConstructor =
        typeof(GlobalRequestMessage).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(byte[]), typeof(bool)]);

    private static readonly byte[] RequestName = Encoding.ASCII.GetBytes("keepalive@openssh.com");

    private readonly Session session;
    private readonly TimeSpan interval;
    private readonly int countMax;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private long lastReplyTicks;
    private int dead;

    private KeepAliveProbe(Session session, TimeSpan interval, int countMax, ILogger logger)
    {
        this.session = session;
        this.interval = interval;
        this.countMax = Math.Max(1, countMax);
        this.logger = logger;
        lastReplyTicks = Environment.TickCount64;
        session.RequestSuccessReceived += OnReply;
        session.RequestFailureReceived += OnReply;
    }

    /// <summary>Raised once, on a thread-pool thread, when no reply came for interval × count; the text says so.</summary>
    public event EventHandler<string>? Dead;

    /// <summary>Whether this SSH.NET exposes what the probe needs.</summary>
    public static bool IsSupported => SessionProperty is not null && SendMessageMethod is not null && RequestConstructor is not null;

    /// <summary>How long without a reply counts as dead.</summary>
    public TimeSpan Bound => interval * countMax;

    /// <summary>Starts probing <paramref name="client"/> (connected); null when this SSH.NET does not allow it.</summary>
    public static KeepAliveProbe? Start(SshClient client, TimeSpan interval, int countMax, ILogger logger)
    {
        if (!IsSupported || SessionProperty!.GetValue(client) is not Session session)
        {
            LogUnsupported(logger);
            return null;
        }

        var probe = new KeepAliveProbe(session, interval, countMax, logger);
        _ = Task.Run(probe.RunAsync);
        return probe;
    }

    /// <summary>Sends one request now; true when it was handed to the socket (not that a reply came).</summary>
    public bool SendOnce()
    {
        try
        {
            var request = (Message)RequestConstructor!.Invoke([RequestName, true]);
            SendMessageMethod!.Invoke(session, [request]);
            return true;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is SshException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            LogSendFailed(logger, ex.InnerException.Message);
            return false;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        session.RequestSuccessReceived -= OnReply;
        session.RequestFailureReceived -= OnReply;
        stopping.Cancel();
        stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var token = stopping.Token;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                var silent = TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref lastReplyTicks));
                if (silent >= Bound - (interval / 10))
                {
                    if (Interlocked.Exchange(ref dead, 1) == 0)
                    {
                        LogDead(logger, Bound.TotalSeconds);
                        Dead?.Invoke(this, $"the server sent nothing back for {Bound.TotalSeconds:0.#} s (ServerAliveInterval {interval.TotalSeconds:0.#} s × ServerAliveCountMax {countMax})");
                    }

                    return;
                }

                SendOnce();
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the connection is closing or was replaced.
        }
        catch (ObjectDisposedException)
        {
            // Same, raced with Dispose.
        }
    }

    private void OnReply(object? sender, EventArgs e) => Interlocked.Exchange(ref lastReplyTicks, Environment.TickCount64);

    [LoggerMessage(EventId = 1070, Level = LogLevel.Warning, Message = "No reply to keep-alives for {Seconds} s: treating the connection as dead")]
    private static partial void LogDead(ILogger logger, double seconds);

    [LoggerMessage(EventId = 1071, Level = LogLevel.Debug, Message = "Keep-alive not sent: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1072, Level = LogLevel.Warning, Message = "This SSH.NET hides what the keep-alive probe needs; a dead connection is noticed only when a send fails")]
    private static partial void LogUnsupported(ILogger logger);
}
