using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// One authenticated SSH connection to a host. Commands run through <see cref="Shell"/>; tunnels
/// are added by the Tunnels layer. Dispose to disconnect.
/// </summary>
public sealed partial class SshConnection : IDisposable
{
    private readonly ILogger logger;

    private readonly IReadOnlyList<LoadedIdentity> identities;
    private readonly SecretMemory secrets;

    /// <summary>The jump hosts, forwards or ProxyCommand this connection goes through; closed after it.</summary>
    private SshRoute? route;

    private SshConnection(ResolvedHost host, SshClient client, IReadOnlyList<LoadedIdentity> identities, SecretMemory secrets, ILoggerFactory loggerFactory)
    {
        Host = host;
        Client = client;
        this.identities = identities;
        this.secrets = secrets;
        logger = loggerFactory.CreateLogger<SshConnection>();
        Shell = new RemoteShell(client, loggerFactory.CreateLogger<RemoteShell>());
        client.ErrorOccurred += OnErrorOccurred;
    }

    /// <summary>Raised once when the transport fails (network gone, host rebooted); the message says why.</summary>
    public event EventHandler<string>? Lost;

    /// <summary>The resolved host this connection went to.</summary>
    public ResolvedHost Host { get; }

    /// <summary>Runs commands and scripts on the host.</summary>
    public RemoteShell Shell { get; }

    /// <summary>True while the transport is up.</summary>
    public bool IsConnected => Client.IsConnected;

    /// <summary><c>user@host:port</c>, for messages.</summary>
    public string DisplayName => $"{Host.User}@{Host.HostName}:{Host.Port}";

    internal SshClient Client { get; }

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
        var identities = await new IdentityLoader(prompts, logger).LoadAsync(host.IdentityFiles, cancellationToken);
        return await OpenThroughRouteAsync(host, identities, new SecretMemory(), prompts, loggerFactory, cancellationToken);
    }

    /// <summary>Connects to one hop of a route at <paramref name="endpoint"/> (per attempt); its host key is checked under its real name.</summary>
    internal static async Task<SshConnection> OpenHopAsync(
        ResolvedHost hop, Func<int, (string Host, int Port)> endpoint, ISshPrompts prompts, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<SshConnection>();
        var identities = await new IdentityLoader(prompts, logger).LoadAsync(hop.IdentityFiles, cancellationToken);
        return await ConnectAsync(hop, endpoint, identities, new SecretMemory(), prompts, loggerFactory, cancellationToken);
    }

    /// <summary>
    /// Opens a new connection to the same host with what this one already knows: decrypted keys, a trusted
    /// host key decision from known_hosts, and the password the server accepted (kept in memory only, for
    /// this connection's lifetime). The person is asked again only for what the server now refuses or for
    /// one-time codes.
    /// </summary>
    public Task<SshConnection> ReopenAsync(ISshPrompts prompts, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var memory = new SecretMemory();
        if (secrets.Password is { } password)
        {
            memory.Remember(password);
        }

        return OpenThroughRouteAsync(Host, identities, memory, prompts, loggerFactory, cancellationToken);
    }

    /// <summary>Opens the route (jump hosts, ProxyCommand or none), then the connection through it, which then owns the route.</summary>
    private static async Task<SshConnection> OpenThroughRouteAsync(
        ResolvedHost host, IReadOnlyList<LoadedIdentity> identities, SecretMemory memory, ISshPrompts prompts, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var route = await SshRoute.OpenAsync(host, prompts, loggerFactory, cancellationToken);
        try
        {
            var connection = await ConnectAsync(host, route.EndpointFor(route.Hops.Count - 1), identities, memory, prompts, loggerFactory, cancellationToken);
            connection.route = route;
            return connection;
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

    private static async Task<SshConnection> ConnectAsync(
        ResolvedHost host,
        Func<int, (string Host, int Port)> endpointFor,
        IReadOnlyList<LoadedIdentity> identities,
        SecretMemory memory,
        ISshPrompts prompts,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<SshConnection>();
        var gate = new HostKeyGate(host);
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
                await client.ConnectAsync(cancellationToken);
                LogConnected(logger, host.HostName, client.ConnectionInfo.CurrentKeyExchangeAlgorithm ?? "?", client.ConnectionInfo.CurrentHostKeyAlgorithm ?? "?");
                return new SshConnection(host, client, identities, memory, loggerFactory);
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
        LogDisconnecting(logger, DisplayName);
        Client.ErrorOccurred -= OnErrorOccurred;
        Lost = null;
        secrets.Forget();
        try
        {
            if (Client.IsConnected)
            {
                Client.Disconnect();
            }
        }
        catch (Exception ex) when (ex is SshException or SocketException or ObjectDisposedException)
        {
            // Already gone: nothing left to close.
        }

        Client.Dispose();
        Interlocked.Exchange(ref route, null)?.Dispose();
    }

    private void OnErrorOccurred(object? sender, Renci.SshNet.Common.ExceptionEventArgs e)
    {
        LogLost(logger, DisplayName, e.Exception.Message);
        Interlocked.Exchange(ref Lost, null)?.Invoke(this, $"The connection to {DisplayName} was lost: {e.Exception.Message}");
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Connecting to {User}@{Host}:{Port} at {Address}:{AddressPort}")]
    private static partial void LogConnecting(ILogger logger, string user, string host, int port, string address, int addressPort);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Connected to {Host} (kex {Kex}, host key {HostKeyAlgorithm})")]
    private static partial void LogConnected(ILogger logger, string host, string kex, string hostKeyAlgorithm);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Connection to {Host} lost: {Reason}")]
    private static partial void LogLost(ILogger logger, string host, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Disconnecting from {Host}")]
    private static partial void LogDisconnecting(ILogger logger, string host);
}
