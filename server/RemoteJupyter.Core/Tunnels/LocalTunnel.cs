using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tunnels;

/// <summary>
/// A local port forward, always bound to 127.0.0.1 (SSH.NET would otherwise pick its own default),
/// to a port the remote can reach: its own 127.0.0.1 for Jupyter, the next hop's sshd for a jump.
/// Dispose to close it.
/// </summary>
public sealed partial class LocalTunnel : IDisposable
{
    private readonly SshConnection connection;
    private readonly ForwardedPortLocal forward;
    private readonly ILogger logger;

    private LocalTunnel(SshConnection connection, ForwardedPortLocal forward, ILogger logger)
    {
        this.connection = connection;
        this.forward = forward;
        this.logger = logger;
    }

    /// <summary>The bound local port.</summary>
    public int LocalPort => checked((int)forward.BoundPort);

    /// <summary>The remote port on the host's loopback.</summary>
    public int RemotePort => checked((int)forward.Port);

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri LocalUrl => new($"http://127.0.0.1:{LocalPort}/");

    /// <summary>Opens a forward to the remote's 127.0.0.1. <paramref name="localPort"/> 0 picks a free port.</summary>
    public static LocalTunnel Open(SshConnection connection, int remotePort, int localPort, ILogger<LocalTunnel> logger) =>
        Open(connection, "127.0.0.1", remotePort, localPort, logger);

    /// <summary>Opens a forward to <paramref name="remoteHost"/> as seen from the remote. <paramref name="localPort"/> 0 picks a free port.</summary>
    public static LocalTunnel Open(SshConnection connection, string remoteHost, int remotePort, int localPort, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var forward = new ForwardedPortLocal("127.0.0.1", checked((uint)localPort), remoteHost, checked((uint)remotePort));
        var tunnel = new LocalTunnel(connection, forward, logger);
        forward.Exception += tunnel.OnException;
        try
        {
            connection.Client.AddForwardedPort(forward);
            forward.Start();
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            tunnel.Dispose();
            throw new RemoteJupyterException(
                ErrorCode.LocalPortInUse,
                $"Local port {localPort} is already in use on this machine. Choose another local port, or 0 for any free one.",
                ex);
        }
        catch (Exception ex) when (ex is SshException or SocketException)
        {
            tunnel.Dispose();
            throw new RemoteJupyterException(ErrorCode.ConnectionLost, $"Could not open the tunnel: {ex.Message}", ex);
        }

        LogOpened(logger, tunnel.LocalPort, connection.Host.HostName, remoteHost, remotePort);
        return tunnel;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            if (forward.IsStarted)
            {
                forward.Stop();
            }

            if (connection.Client.ForwardedPorts.Contains(forward))
            {
                connection.Client.RemoveForwardedPort(forward);
            }
        }
        catch (Exception ex) when (ex is SshException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is already gone, and the listener with it.
        }

        forward.Exception -= OnException;
        forward.Dispose();
    }

    private void OnException(object? sender, ExceptionEventArgs e) => LogForwardError(logger, e.Exception.Message);

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Tunnel 127.0.0.1:{LocalPort} -> {Host}:{RemoteHost}:{RemotePort} open")]
    private static partial void LogOpened(ILogger logger, int localPort, string host, string remoteHost, int remotePort);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Tunnel channel error: {Message}")]
    private static partial void LogForwardError(ILogger logger, string message);
}
