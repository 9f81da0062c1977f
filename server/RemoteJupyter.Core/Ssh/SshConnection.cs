using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// One authenticated SSH connection to a host, kept alive like ssh with ServerAliveInterval does and, when
/// its transport fails, remade in place (<see cref="StateChanged"/> says so): <see cref="Shell"/> and the
/// tunnels go on over the new transport. Commands run through <see cref="Shell"/>; tunnels are added by the
/// Tunnels layer. Dispose to disconnect.
/// </summary>
public sealed partial class SshConnection : IDisposable
{
    private readonly ILogger logger;
    private readonly ILoggerFactory loggerFactory;
    private readonly IReadOnlyList<LoadedIdentity> identities;
    private readonly SecretMemory secrets;

    /// <summary>Hops of a route are remade with the route, by the connection that owns it, never on their own.</summary>
    private readonly bool reconnects;

    /// <summary>
    /// How to build the way to the host, for the first connect and every reconnect alike: from ssh_config (jump
    /// hosts, ProxyCommand) for a host of its own, or a fresh forward on the connection it goes through for a host
    /// behind another (<see cref="OpenThroughAsync"/>), which ssh_config knows nothing about.
    /// </summary>
    private readonly OpenRoute openRoute;

    private SshClient client;

    /// <summary>The jump hosts, forwards or ProxyCommand this connection goes through; closed after it.</summary>
    private SshRoute? route;

    private KeepAliveProbe? probe;

    private SshConnection(
        ResolvedHost host, OpenRoute openRoute, Transport transport, IReadOnlyList<LoadedIdentity> identities, SecretMemory secrets, ILoggerFactory loggerFactory, bool reconnects)
    {
        Host = host;
        this.openRoute = openRoute;
        this.identities = identities;
        this.secrets = secrets;
        this.loggerFactory = loggerFactory;
        this.reconnects = reconnects;
        logger = loggerFactory.CreateLogger<SshConnection>();
        client = transport.Client;
        hostKey = transport.HostKey;
        Shell = new RemoteShell(() => Client, loggerFactory.CreateLogger<RemoteShell>());
        Attach(transport);
    }

    /// <summary>Opens the way to the host (none, jump hosts, ProxyCommand or a forward); the connection made through it owns it.</summary>
    private delegate Task<SshRoute> OpenRoute(ISshPrompts prompts, CancellationToken cancellationToken);

    /// <summary>The resolved host this connection went to.</summary>
    public ResolvedHost Host { get; }

    /// <summary>Runs commands and scripts on the host.</summary>
    public RemoteShell Shell { get; }

    /// <summary>True while the transport is up.</summary>
    public bool IsConnected => Client.IsConnected;

    /// <summary><c>user@host:port</c>, for messages.</summary>
    public string DisplayName => $"{Host.User}@{Host.HostName}:{Host.Port}";

    /// <summary>The current transport; replaced by a reconnect.</summary>
    internal SshClient Client => Volatile.Read(ref client);

    /// <summary>
    /// Connects and authenticates the way ssh does: host key checked against known_hosts before any credential
    /// is sent (an unknown key is put to the person through <paramref name="prompts"/>), then publickey with the
    /// identity files, then keyboard-interactive and password, each at most three times, every question the
    /// server asks relayed to the person through <paramref name="prompts"/>.
    /// </summary>
    public static async Task<SshConnection> OpenAsync(
        ResolvedHost host, ISshPrompts prompts, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<SshConnection>();
        var identities = await new IdentityLoader(prompts, logger).LoadAsync(host, cancellationToken);
        var memory = new SecretMemory();
        var openRoute = FromConfig(host, loggerFactory);
        var transport = await OpenThroughRouteAsync(host, openRoute, identities, memory, trustedKey: null, prompts, loggerFactory, cancellationToken);
        return new SshConnection(host, openRoute, transport, identities, memory, loggerFactory, reconnects: true);
    }

    /// <summary>Connects to one hop of a route at <paramref name="endpoint"/> (per attempt); its host key is checked under its real name.</summary>
    internal static async Task<SshConnection> OpenHopAsync(
        ResolvedHost hop, Func<int, (string Host, int Port)> endpoint, ISshPrompts prompts, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<SshConnection>();
        var identities = await new IdentityLoader(prompts, logger).LoadAsync(hop, cancellationToken);
        var memory = new SecretMemory();
        var (client, key) = await ConnectAsync(hop, endpoint, identities, memory, trustedKey: null, prompts, loggerFactory, cancellationToken);
        return new SshConnection(hop, FromConfig(hop, loggerFactory), new Transport(client, null, key), identities, memory, loggerFactory, reconnects: false);
    }

    /// <summary>
    /// Opens a new connection to the same host with what this one already knows: decrypted keys, the host key
    /// it trusted, and the password the server accepted (kept in memory only, for this connection's lifetime).
    /// The person is asked again only for what the server now refuses or for one-time codes.
    /// </summary>
    public async Task<SshConnection> ReopenAsync(ISshPrompts prompts, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var memory = secrets.Copy();
        var transport = await OpenThroughRouteAsync(Host, openRoute, identities, memory, hostKey, prompts, loggerFactory, cancellationToken);
        return new SshConnection(Host, openRoute, transport, identities, memory, loggerFactory, reconnects: true);
    }

    /// <summary>The way ssh_config gives to <paramref name="host"/>: straight, through its ProxyJump hosts or its ProxyCommand.</summary>
    private static OpenRoute FromConfig(ResolvedHost host, ILoggerFactory loggerFactory) =>
        (prompts, cancellationToken) => SshRoute.OpenAsync(host, prompts, loggerFactory, cancellationToken);

    /// <summary>Opens the route with <paramref name="openRoute"/>, then the connection through it, which then owns the route.</summary>
    private static async Task<Transport> OpenThroughRouteAsync(
        ResolvedHost host,
        OpenRoute openRoute,
        IReadOnlyList<LoadedIdentity> identities,
        SecretMemory memory,
        TrustedHostKey? trustedKey,
        ISshPrompts prompts,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var route = await openRoute(prompts, cancellationToken);
        try
        {
            var (client, key) = await ConnectAsync(host, route.EndpointFor(route.Hops.Count - 1), identities, memory, trustedKey, prompts, loggerFactory, cancellationToken);
            return new Transport(client, route, key);
        }
        catch (RemoteJupyterException ex)
        {
            var explained = await route.ExplainAsync(route.Hops.Count - 1, ex);
            route.Dispose();
            if (ReferenceEquals(explained, ex))
            {
                throw;
            }

            throw explained;
        }
        catch
        {
            route.Dispose();
            throw;
        }
    }

    private static async Task<(SshClient Client, TrustedHostKey Key)> ConnectAsync(
        ResolvedHost host,
        Func<int, (string Host, int Port)> endpointFor,
        IReadOnlyList<LoadedIdentity> identities,
        SecretMemory memory,
        TrustedHostKey? trustedKey,
        ISshPrompts prompts,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<SshConnection>();
        var gate = new HostKeyGate(host) { TrustedForSession = trustedKey };
        var log = new AuthenticationLog();
        var context = new PromptContext($"{host.User}@{host.HostName}", new PromptRelay(prompts, cancellationToken), log, memory, logger);

        // At most two handshakes: the second only after the person accepted an unknown key.
        for (var attempt = 1; ; attempt++)
        {
            var endpoint = endpointFor(attempt);
            var client = CreateClient(host, endpoint, identities, context, loggerFactory);
            client.HostKeyReceived += gate.OnHostKeyReceived;
            try
            {
                LogConnecting(logger, host.User, host.HostName, host.Port, endpoint.Host, endpoint.Port);
                try
                {
                    await client.ConnectAsync(cancellationToken);
                }
                finally
                {
                    if (attempt == 1 && gate.Outcome?.Check.IgnoredCertificateAuthority is { } authority)
                    {
                        LogCertificateAuthorityIgnored(logger, gate.KnownHostsName, authority);
                    }
                }

                client.HostKeyReceived -= gate.OnHostKeyReceived;
                BlockingTransportSocket.Apply(client);
                LogConnected(logger, host.HostName, client.ConnectionInfo.CurrentKeyExchangeAlgorithm ?? "?", client.ConnectionInfo.CurrentHostKeyAlgorithm ?? "?");
                var seen = gate.Outcome!;
                return (client, new TrustedHostKey(seen.KeyType, seen.Blob));
            }
            catch (Exception ex) when (gate.Outcome is { Check.Status: not HostKeyStatus.Known } outcome && ex is not OperationCanceledException)
            {
                client.Dispose();
                if (attempt > 1 || outcome.Check.Status != HostKeyStatus.Unknown)
                {
                    throw HostKeyFailure(gate, outcome);
                }

                await DecideAboutUnknownKeyAsync(host, gate, outcome, prompts, logger, cancellationToken);
            }
            catch (Exception ex)
            {
                var methods = client.ConnectionInfo.AuthenticationMethods;
                client.Dispose();
                throw Translate(ex, host, identities, log, methods);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Transport? last;
        lock (stateLock)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            last = state == ConnectionState.Connected ? Detach() : null;
            state = ConnectionState.Lost;
        }

        LogDisconnecting(logger, DisplayName);
        closing.Cancel();
        StateChanged = null;
        TransportReplaced = null;
        secrets.Forget();
        Close(last);
        closing.Dispose();
    }

    /// <summary>Closes a transport and its route; never throws (it may be half dead).</summary>
    private static void Close(Transport? transport)
    {
        if (transport is null)
        {
            return;
        }

        try
        {
            if (transport.Client.IsConnected)
            {
                transport.Client.Disconnect();
            }
        }
        catch (Exception ex) when (ex is SshException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Already gone: nothing left to close.
        }

        BlockingTransportSocket.Interrupt(transport.Client);
        transport.Client.Dispose();
        transport.Route?.Dispose();
    }

    /// <summary>A connected SSH.NET client and the route under it.</summary>
    private sealed record Transport(SshClient Client, SshRoute? Route, TrustedHostKey HostKey);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Connecting to {User}@{Host}:{Port} at {Address}:{AddressPort}")]
    private static partial void LogConnecting(ILogger logger, string user, string host, int port, string address, int addressPort);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Connected to {Host} (kex {Kex}, host key {HostKeyAlgorithm})")]
    private static partial void LogConnected(ILogger logger, string host, string kex, string hostKeyAlgorithm);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "known_hosts trusts a certificate authority for {Host} ({Where}), but Remote Jupyter does not use host certificates: the host's own key is checked instead")]
    private static partial void LogCertificateAuthorityIgnored(ILogger logger, string host, string where);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Disconnecting from {Host}")]
    private static partial void LogDisconnecting(ILogger logger, string host);
}
