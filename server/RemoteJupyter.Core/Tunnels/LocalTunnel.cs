using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tunnels;

/// <summary>
/// A local port forward on 127.0.0.1 to a port the remote can reach: its own 127.0.0.1 for Jupyter, the next
/// hop's sshd for a jump. Our own listener owns the local port for the tunnel's whole life, so a reconnect
/// never gives it up: each accepted connection gets a <c>direct-tcpip</c> channel on the current transport
/// (<see cref="DirectTcpipChannel"/>, bound straight to the accepted socket), and one that arrives while the
/// connection is being remade waits for the new transport (at most <see cref="WaitForTransport"/>) instead of
/// being refused. Dispose to close it.
/// </summary>
public sealed partial class LocalTunnel : IDisposable
{
    /// <summary>How long a local connection made during a reconnect waits for the new transport.</summary>
    public static readonly TimeSpan WaitForTransport = TimeSpan.FromSeconds(30);

    // Each relayed connection blocks one thread in SSH.NET's Bind (a synchronous receive loop); it needs little stack.
    private const int PumpStackSize = 256 * 1024;

    // After the local side half-closes, how long the far side may keep sending before the channel is closed anyway.
    private static readonly TimeSpan HalfCloseLimit = TimeSpan.FromSeconds(60);

    private readonly SshConnection connection;
    private readonly string remoteHost;
    private readonly Socket listener;
    private readonly ILogger logger;
    private readonly CancellationTokenSource closing = new();
    private readonly Lock gate = new();
    private readonly HashSet<Socket> sockets = [];
    private TaskCompletionSource<SshClient> transport = NewTransportSource();
    private bool disposed;

    private LocalTunnel(SshConnection connection, string remoteHost, int remotePort, Socket listener, ILogger logger)
    {
        this.connection = connection;
        this.remoteHost = remoteHost;
        RemotePort = remotePort;
        this.listener = listener;
        this.logger = logger;
        LocalPort = ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary>The bound local port; the same across reconnects.</summary>
    public int LocalPort { get; }

    /// <summary>The port on the remote side.</summary>
    public int RemotePort { get; }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri LocalUrl => new($"http://127.0.0.1:{LocalPort}/");

    /// <summary>Local connections currently relayed; tests and diagnostics read it.</summary>
    public int OpenSockets
    {
        get
        {
            lock (gate)
            {
                return sockets.Count;
            }
        }
    }

    /// <summary>Opens a forward to the remote's 127.0.0.1. <paramref name="localPort"/> 0 picks a free port.</summary>
    public static LocalTunnel Open(SshConnection connection, int remotePort, int localPort, ILogger<LocalTunnel> logger) =>
        Open(connection, "127.0.0.1", remotePort, localPort, logger);

    /// <summary>Opens a forward to <paramref name="remoteHost"/> as seen from the remote. <paramref name="localPort"/> 0 picks a free port.</summary>
    public static LocalTunnel Open(SshConnection connection, string remoteHost, int remotePort, int localPort, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!connection.IsConnected)
        {
            throw new RemoteJupyterException(ErrorCode.ConnectionLost, "Could not open the tunnel: the SSH connection is closed.");
        }

        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, localPort));
            listener.Listen(128);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            listener.Dispose();
            throw new RemoteJupyterException(
                ErrorCode.LocalPortInUse,
                $"Local port {localPort} is already in use on this machine. Choose another local port, or 0 for any free one.",
                ex);
        }

        var tunnel = new LocalTunnel(connection, remoteHost, remotePort, listener, logger);
        tunnel.transport.SetResult(connection.Client);
        connection.TransportReplaced += tunnel.OnTransportReplaced;
        connection.StateChanged += tunnel.OnStateChanged;
        StartThread(tunnel.AcceptLoop, $"tunnel {tunnel.LocalPort} accept");
        LogOpened(logger, tunnel.LocalPort, connection.Host.HostName, remoteHost, remotePort);
        return tunnel;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        List<Socket> open;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            open = [.. sockets];
            sockets.Clear();
            transport.TrySetCanceled();
        }

        connection.TransportReplaced -= OnTransportReplaced;
        connection.StateChanged -= OnStateChanged;
        closing.Cancel();
        listener.Dispose();

        // Closing a relayed socket ends its channel's Bind; the pump thread then closes the channel.
        foreach (var socket in open)
        {
            socket.Dispose();
        }

        closing.Dispose();
    }

    private void OnTransportReplaced(object? sender, EventArgs e)
    {
        lock (gate)
        {
            if (!transport.TrySetResult(connection.Client))
            {
                transport = NewTransportSource();
                transport.SetResult(connection.Client);
            }
        }

        LogMoved(logger, LocalPort);
    }

    private void OnStateChanged(object? sender, ConnectionStateChanged change)
    {
        lock (gate)
        {
            if (disposed || change.State == ConnectionState.Connected)
            {
                return;
            }

            // Connections accepted from now on wait for the next transport; those relayed on the old one end with it.
            if (transport.Task.IsCompleted)
            {
                transport = NewTransportSource();
            }

            if (change.State == ConnectionState.Lost)
            {
                transport.TrySetException(new RemoteJupyterException(ErrorCode.ConnectionLost, change.Message));
            }
        }
    }

    // Accepts synchronously on a thread of its own: an accepted socket then stays a blocking one, and SSH.NET's
    // synchronous sends and receives on it are plain syscalls. A socket accepted asynchronously is non-blocking
    // underneath, and .NET emulates each blocking call that would wait through its epoll thread and the thread
    // pool: three wake-ups per 32 KiB packet, which halved the tunnel's throughput on 2 cores.
    private void AcceptLoop()
    {
        var token = closing.Token;
        while (!token.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = listener.Accept();
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = RelayAsync(accepted, token);
        }
    }

    private async Task RelayAsync(Socket local, CancellationToken token)
    {
        try
        {
            if (!Track(local))
            {
                return;
            }

            local.NoDelay = true;
            Task<SshClient> ready;
            lock (gate)
            {
                ready = transport.Task;
            }

            var client = await ready.WaitAsync(WaitForTransport, token);
            StartThread(() => Pump(client, local, token), $"tunnel {LocalPort}");
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or RemoteJupyterException)
        {
            LogRelayEnded(logger, LocalPort, ex.Message);
            Untrack(local);
        }
    }

    private static void StartThread(ThreadStart run, string name) => new Thread(run, PumpStackSize) { IsBackground = true, Name = name }.Start();

    /// <summary>Runs one relayed connection to its end on a thread of its own: SSH.NET's channel calls block.</summary>
    private void Pump(SshClient client, Socket local, CancellationToken token)
    {
        try
        {
            using var channel = DirectTcpipChannel.Create(client);
            channel.Exception += OnChannelException;
            channel.Open(remoteHost, checked((uint)RemotePort), local);
            if (!channel.IsOpen)
            {
                LogRefused(logger, LocalPort, remoteHost, RemotePort);
                return;
            }

            channel.Bind();
            DrainAfterHalfClose(channel, token);
            channel.Exception -= OnChannelException;
        }
        catch (Exception ex) when (ex is SshException or SocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            LogRelayEnded(logger, LocalPort, ex.Message);
        }
        finally
        {
            Untrack(local);
        }
    }

    /// <summary>
    /// The local side stopped sending (Bind returned). Like <c>ssh -L</c>, pass that on as EOF and keep delivering
    /// what the far side still sends until it closes, instead of cutting its answer short; stop early if the local
    /// side turns out to be gone, the tunnel closes, or <see cref="HalfCloseLimit"/> passes.
    /// </summary>
    private static void DrainAfterHalfClose(DirectTcpipChannel channel, CancellationToken token)
    {
        using var localGone = new ManualResetEvent(false);
        void OnError(object? sender, ExceptionEventArgs e) => localGone.Set();
        channel.Exception += OnError;
        try
        {
            if (channel.IsOpen && channel.ServerClosed is { } serverClosed)
            {
                channel.SendEof();
                WaitHandle.WaitAny([serverClosed, localGone, token.WaitHandle], HalfCloseLimit);
            }
        }
        finally
        {
            channel.Exception -= OnError;
        }
    }

    private bool Track(Socket socket)
    {
        lock (gate)
        {
            if (disposed)
            {
                socket.Dispose();
                return false;
            }

            sockets.Add(socket);
            return true;
        }
    }

    private void Untrack(Socket socket)
    {
        lock (gate)
        {
            sockets.Remove(socket);
        }

        socket.Dispose();
    }

    private static TaskCompletionSource<SshClient> NewTransportSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void OnChannelException(object? sender, ExceptionEventArgs e) => LogChannelError(logger, e.Exception.Message);

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Tunnel 127.0.0.1:{LocalPort} -> {Host}:{RemoteHost}:{RemotePort} open")]
    private static partial void LogOpened(ILogger logger, int localPort, string host, string remoteHost, int remotePort);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Tunnel channel error: {Message}")]
    private static partial void LogChannelError(ILogger logger, string message);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Tunnel 127.0.0.1:{LocalPort} moved to the new transport")]
    private static partial void LogMoved(ILogger logger, int localPort);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Tunnel 127.0.0.1:{LocalPort}: the host refused a connection to {RemoteHost}:{RemotePort} (nothing listens there?)")]
    private static partial void LogRefused(ILogger logger, int localPort, string remoteHost, int remotePort);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Tunnel 127.0.0.1:{LocalPort}: a relayed connection ended: {Reason}")]
    private static partial void LogRelayEnded(ILogger logger, int localPort, string reason);
}
