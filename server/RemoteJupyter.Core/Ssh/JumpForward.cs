using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace RemoteJupyter.Core.Ssh;

/// <summary>The forward on a jump host to the next hop's sshd; closing it stops the listener on 127.0.0.1.</summary>
internal sealed partial class JumpForward : IDisposable
{
    private readonly SshConnection connection;
    private readonly ForwardedPortLocal forward;
    private readonly ILogger logger;

    public JumpForward(SshConnection connection, ForwardedPortLocal forward, ILogger logger)
    {
        this.connection = connection;
        this.forward = forward;
        this.logger = logger;
        forward.Exception += OnException;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        forward.Exception -= OnException;
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
            // The jump connection is already gone, and the listener with it.
        }

        forward.Dispose();
    }

    private void OnException(object? sender, ExceptionEventArgs e) => LogForwardError(logger, connection.Host.Alias, e.Exception.Message);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Debug, Message = "Forward through jump host {Hop}: {Reason}")]
    private static partial void LogForwardError(ILogger logger, string hop, string reason);
}
