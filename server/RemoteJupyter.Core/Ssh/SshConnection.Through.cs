using Microsoft.Extensions.Logging;

namespace RemoteJupyter.Core.Ssh;

/// <summary>Connections to hosts behind this one, such as a cluster's compute nodes behind its login node.</summary>
public sealed partial class SshConnection
{
    /// <summary>
    /// Connects to <paramref name="hostName"/>:<paramref name="port"/> as seen from this host, through a forward on this
    /// connection (like <c>ssh -J</c> with this host as the jump host), as the same user with what this connection
    /// authenticated with: its keys and the password its server accepted. The host key is checked under
    /// <paramref name="hostName"/> and <paramref name="port"/> like any host's (an unknown one is put to the person
    /// through <paramref name="prompts"/>). It is not remade when it drops; the forward closes with it.
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
        var route = SshRoute.Through(this, target, loggerFactory);
        try
        {
            var memory = secrets.Copy();
            var (client, key) = await ConnectAsync(target, route.EndpointFor(0), identities, memory, trustedKey: null, prompts, loggerFactory, cancellationToken);
            LogOpenedThrough(logger, target.User, hostName, port, DisplayName);
            return new SshConnection(target, new Transport(client, route, key), identities, memory, loggerFactory, reconnects: false);
        }
        catch
        {
            route.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 1022, Level = LogLevel.Information, Message = "Connected to {User}@{Host}:{Port} through {Via}")]
    private static partial void LogOpenedThrough(ILogger logger, string user, string host, int port, string via);
}
