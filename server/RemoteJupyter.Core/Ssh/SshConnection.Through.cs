using Microsoft.Extensions.Logging;

namespace RemoteJupyter.Core.Ssh;

/// <summary>Connections to hosts behind this one, such as a cluster's compute nodes behind its login node.</summary>
public sealed partial class SshConnection
{
    /// <summary>How often a reconnect through this connection looks whether this one is back.</summary>
    private static readonly TimeSpan ViaPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Connects to <paramref name="hostName"/>:<paramref name="port"/> as seen from this host, through a forward on this
    /// connection (like <c>ssh -J</c> with this host as the jump host), as the same user with what this connection
    /// authenticated with: its keys and the password its server accepted. The host key is checked under
    /// <paramref name="hostName"/> and <paramref name="port"/> like any host's (an unknown one is put to the person
    /// through <paramref name="prompts"/>). When it drops (or this connection does, taking the forward along), it is
    /// remade like any connection, unattended, within this connection's <see cref="ReconnectWindow"/>, but always
    /// through a new forward on this connection, once this one is back: never straight from here to the host's address.
    /// </summary>
    public async Task<SshConnection> OpenThroughAsync(
        string alias, string hostName, int port, ISshPrompts prompts, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        ArgumentNullException.ThrowIfNull(prompts);
        var target = Host with
        {
            Alias = alias,
            HostName = hostName,
            Port = port,
            ProxyJump = [],
            ProxyJumpText = null,
            ProxyCommand = null,
            ProxyCommandExpanded = null,
        };
        OpenRoute openRoute = (_, token) => RouteThroughAsync(target, token);
        var memory = secrets.Copy();
        var transport = await OpenThroughRouteAsync(target, openRoute, identities, memory, trustedKey: null, prompts, loggerFactory, cancellationToken);
        LogOpenedThrough(logger, target.User, hostName, port, DisplayName);
        return new SshConnection(target, openRoute, transport, identities, memory, loggerFactory, reconnects: true) { ReconnectWindow = ReconnectWindow };
    }

    /// <summary>
    /// A new forward on this connection to <paramref name="target"/>'s sshd. While this connection is being remade the
    /// forward would fail at once, so it waits for it instead of spending attempts; once this one is lost for good
    /// (given up or disposed), the connection through it cannot come back either.
    /// </summary>
    private async Task<SshRoute> RouteThroughAsync(ResolvedHost target, CancellationToken cancellationToken)
    {
        var waited = false;
        while (State == ConnectionState.Reconnecting)
        {
            if (!waited)
            {
                LogWaitingForVia(logger, target.HostName, DisplayName);
                waited = true;
            }

            await Task.Delay(ViaPollInterval, cancellationToken);
        }

        if (State == ConnectionState.Lost)
        {
            throw new ViaLostException($"the connection it goes through, {DisplayName}, was lost.");
        }

        return SshRoute.Through(this, target, loggerFactory);
    }

    /// <summary>The connection a host behind it is reached through is gone for good: no reconnect attempt can succeed.</summary>
    private sealed class ViaLostException(string message) : Exception(message);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Information, Message = "Connected to {User}@{Host}:{Port} through {Via}")]
    private static partial void LogOpenedThrough(ILogger logger, string user, string host, int port, string via);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Information, Message = "Reconnecting to {Host} waits for {Via}, which it goes through, to be reconnected")]
    private static partial void LogWaitingForVia(ILogger logger, string host, string via);
}
