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
/// never gives it up: each accepted connection is relayed to an SSH.NET forward on an ephemeral port of the
/// current transport, and one that arrives while the connection is being remade waits for the new transport
/// (at most <see cref="WaitForTransport"/>) instead of being refused. Dispose to close it.
/// </summary>
public sealed partial class LocalTunnel : IDisposable
{
    /// <summary>How long a local connection made during a reconnect waits for the new transport.</summary>
    public static readonly TimeSpan WaitForTransport = TimeSpan.FromSeconds(30);

    private readonly SshConnection connection;
    private readonly string remoteHost;
    private readonly Socket listener;
    private readonly ILogger logger;
    private readonly CancellationTokenSource closing = new();
    private readonly Lock gate = new();
    private readonly HashSet<Socket> sockets = [];
    private ForwardedPortLocal? inner;
    private TaskCompletionSource<int> innerPort = NewPortSource();
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

    /// <summary>Local connections currently relayed (two sockets each); tests and diagnostics read it.</summary>
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
        try
        {
            tunnel.OpenInner(throwOnError: true);
        }
        catch
        {
            tunnel.Dispose();
            throw;
        }

        connection.TransportReplaced += tunnel.OnTransportReplaced;
        connection.StateChanged += tunnel.OnStateChanged;
        _ = Task.Run(tunnel.AcceptLoopAsync);
        LogOpened(logger, tunnel.LocalPort, connection.Host.HostName, remoteHost, remotePort);
        return tunnel;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        List<Socket> open;
        ForwardedPortLocal? last;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            open = [.. sockets];
            sockets.Clear();
            last = inner;
            inner = null;
            innerPort.TrySetCanceled();
        }

        connection.TransportReplaced -= OnTransportReplaced;
        connection.StateChanged -= OnStateChanged;
        closing.Cancel();
        listener.Dispose();
        foreach (var socket in open)
        {
            socket.Dispose();
        }

        // After the relayed sockets: SSH.NET's Stop waits for the forward's channels, which are closing now.
        StopInner(last);
        closing.Dispose();
    }

    /// <summary>Starts an SSH.NET forward on an ephemeral 127.0.0.1 port of the current transport.</summary>
    private void OpenInner(bool throwOnError)
    {
        var client = connection.Client;
        var forward = new ForwardedPortLocal("127.0.0.1", 0, remoteHost, checked((uint)RemotePort));
        forward.Exception += OnForwardException;
        try
        {
            client.AddForwardedPort(forward);
            forward.Start();
        }
        catch (Exception ex) when (ex is SshException or SocketException or InvalidOperationException or ObjectDisposedException)
        {
            StopInner(forward);
            LogInnerFailed(logger, LocalPort, ex.Message);
            if (throwOnError)
            {
                throw new RemoteJupyterException(ErrorCode.ConnectionLost, $"Could not open the tunnel: {ex.Message}", ex);
            }

            return;
        }

        lock (gate)
        {
            if (disposed)
            {
                StopInner(forward);
                return;
            }

            inner = forward;
            innerPort.TrySetResult(checked((int)forward.BoundPort));
        }
    }

    private void OnTransportReplaced(object? sender, EventArgs e)
    {
        OpenInner(throwOnError: false);
        LogMoved(logger, LocalPort);
    }

    private void OnStateChanged(object? sender, ConnectionStateChanged change)
    {
        ForwardedPortLocal? old = null;
        lock (gate)
        {
            if (disposed || change.State == ConnectionState.Connected)
            {
                return;
            }

            if (innerPort.Task.IsCompleted)
            {
                old = inner;
                inner = null;
                innerPort = NewPortSource();
            }

            if (change.State == ConnectionState.Lost)
            {
                innerPort.TrySetException(new RemoteJupyterException(ErrorCode.ConnectionLost, change.Message));
            }
        }

        // The old transport's forward: its listener goes now, its channels died with the transport.
        _ = Task.Run(() => StopInner(old));
    }

    private async Task AcceptLoopAsync()
    {
        var token = closing.Token;
        while (!token.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(accepted, token));
        }
    }

    private async Task RelayAsync(Socket local, CancellationToken token)
    {
        Socket? upstream = null;
        try
        {
            if (!Track(local))
            {
                return;
            }

            local.NoDelay = true;
            Task<int> portTask;
            lock (gate)
            {
                portTask = innerPort.Task;
            }

            var port = await portTask.WaitAsync(WaitForTransport, token);
            upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (!Track(upstream))
            {
                return;
            }

            await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), token);
            await Task.WhenAll(SocketPump.CopyAsync(local, upstream, token), SocketPump.CopyAsync(upstream, local, token));
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException or TimeoutException or RemoteJupyterException)
        {
            LogRelayEnded(logger, LocalPort, ex.Message);
        }
        finally
        {
            Untrack(local);
            Untrack(upstream);
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

    private void Untrack(Socket? socket)
    {
        if (socket is null)
        {
            return;
        }

        lock (gate)
        {
            sockets.Remove(socket);
        }

        socket.Dispose();
    }

    private void StopInner(ForwardedPortLocal? forward)
    {
        if (forward is null)
        {
            return;
        }

        try
        {
            if (forward.IsStarted)
            {
                forward.Stop();
            }

            var owner = connection.Client;
            if (owner.ForwardedPorts.Contains(forward))
            {
                owner.RemoveForwardedPort(forward);
            }
        }
        catch (Exception ex) when (ex is SshException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The transport is already gone, and the listener with it.
        }

        forward.Exception -= OnForwardException;
        forward.Dispose();
    }

    private static TaskCompletionSource<int> NewPortSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void OnForwardException(object? sender, ExceptionEventArgs e) => LogForwardError(logger, e.Exception.Message);

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Tunnel 127.0.0.1:{LocalPort} -> {Host}:{RemoteHost}:{RemotePort} open")]
    private static partial void LogOpened(ILogger logger, int localPort, string host, string remoteHost, int remotePort);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Tunnel channel error: {Message}")]
    private static partial void LogForwardError(ILogger logger, string message);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Tunnel 127.0.0.1:{LocalPort} moved to the new transport")]
    private static partial void LogMoved(ILogger logger, int localPort);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Tunnel 127.0.0.1:{LocalPort} could not open its forward: {Reason}")]
    private static partial void LogInnerFailed(ILogger logger, int localPort, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Tunnel 127.0.0.1:{LocalPort}: a relayed connection ended: {Reason}")]
    private static partial void LogRelayEnded(ILogger logger, int localPort, string reason);
}
