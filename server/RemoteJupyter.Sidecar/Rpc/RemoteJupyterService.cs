using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Sources.Urls;
using RemoteJupyter.Core.Ssh;
using StreamJsonRpc;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>The RPC surface: thin, it only maps requests onto Core services and the registry.</summary>
internal sealed partial class RemoteJupyterService : IRemoteJupyterService, IDisposable, IAsyncDisposable
{
    public const int ProtocolVersion = 1;

    private readonly ConnectionOpener opener;
    private readonly ServerStarter starter;
    private readonly ServerLister lister;
    private readonly ServerStopper stopper;
    private readonly EnvironmentServices environments;
    private readonly ContainerServices containers;
    private readonly ServerLogReader logs;
    private readonly IHostApplicationLifetime lifetime;
    private readonly ExistingServerConnector existingServers;
    private readonly ILoggerFactory loggerFactory;
    private readonly SessionRegistry registry = new();
    private readonly UrlSourceRegistry urlSources = new();
    private JsonRpc? rpc;

    public RemoteJupyterService(
        ConnectionOpener opener,
        ServerStarter starter,
        ServerLister lister,
        ServerStopper stopper,
        EnvironmentServices environments,
        ContainerServices containers,
        ServerLogReader logs,
        IHostApplicationLifetime lifetime,
        ExistingServerConnector existingServers,
        ILoggerFactory loggerFactory)
    {
        this.opener = opener;
        this.starter = starter;
        this.lister = lister;
        this.stopper = stopper;
        this.environments = environments;
        this.containers = containers;
        this.logs = logs;
        this.lifetime = lifetime;
        this.existingServers = existingServers;
        this.loggerFactory = loggerFactory;
    }

    /// <summary>The connection prompts go back through; set once the JsonRpc exists.</summary>
    public void Attach(JsonRpc jsonRpc) => rpc = jsonRpc;

    /// <summary>Questions for the person (host keys, secrets, certificates), asked through the client.</summary>
    private RpcPrompts Prompts() => new(rpc ?? throw new InvalidOperationException("RPC not attached."));

    public Task<InitializeResult> InitializeAsync(string clientName, string? clientVersion = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new InitializeResult("remote-jupyter", JupyterLauncher.ProductVersion, ProtocolVersion, ContractDescription.MethodNames));

    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        registry.Dispose();
        await urlSources.DisposeAsync();

        // Answer first, then stop: StopApplication ends the session once this response is written.
        _ = Task.Run(async () =>
        {
            await Task.Delay(100, CancellationToken.None);
            lifetime.StopApplication();
        }, CancellationToken.None);
    }

    public Task<IReadOnlyList<HostEntry>> ListHostsAsync(string? configFile = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<HostEntry>>(
            SshConfigHosts.List(configFile).Select(h => new HostEntry(h.Alias, h.HostName, h.User, h.Port)).ToList());

    public async Task<ConnectionResult> OpenConnectionAsync(
        string host, string? configFile = null, IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default)
    {
        var connection = await opener.OpenAsync(host, configFile, Prompts(), Adapt(progress), cancellationToken);
        var id = registry.Add(connection);
        // Changes are raised on reconnect and SSH.NET threads (closing there could wait for itself).
        var states = new OrderedSends();
        connection.StateChanged += (_, change) => states.Enqueue(() => ReportStateAsync(id, change));
        return new ConnectionResult(id, connection.Host.User, connection.Host.HostName, connection.Host.Port);
    }

    private async Task ReportStateAsync(string connectionId, ConnectionStateChanged change)
    {
        if (change.State == ConnectionState.Lost)
        {
            registry.CloseConnection(connectionId);
        }

        await NotifyAsync("connection/state", new ConnectionStateChange(
            connectionId,
            JsonNaming.Camel(change.State.ToString()),
            change.Message,
            change.Attempt > 0 ? change.Attempt : null,
            change.RetryIn?.TotalSeconds));
    }

    public Task CloseConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        registry.Connection(connectionId);
        registry.CloseConnection(connectionId);
        return Task.CompletedTask;
    }

    public async Task<ServerStartResult> StartServerAsync(
        string connectionId, EnvironmentParams? environment = null, ServerParams? server = null,
        IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default)
    {
        var connection = registry.Connection(connectionId);
        environment ??= new EnvironmentParams();
        server ??= new ServerParams();
        var options = new ServerStartOptions(
            new EnvironmentRequest(environment.VenvPath, environment.SystemSitePackages, environment.PythonPath, environment.SearchPath, environment.EnvironmentPath),
            Layout(server.StateDir),
            server.WorkingDirectory,
            server.RemotePort,
            server.LocalPort,
            server.StartTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Settings: new ServerSettings(server.ExtraArgs, server.IdleShutdownMinutes, server.NiceLevel, server.MemoryLimitMb, Persistence(server.Persistence)),
            Reuse: server.Reuse ?? true)
        {
            Container = Container(environment, server),
        };
        var started = await starter.StartAsync(connection, options, Adapt(progress), cancellationToken);
        registry.CloseServer(started.Server.Id);
        registry.Add(connectionId, started);
        await NotifyChangedAsync(connectionId, started.Server.Id, started.Reused ? "reattached" : "started");
        return Result(started);
    }

    public async Task<ServerStartResult> AttachServerAsync(
        string connectionId, string serverId, string token, string? stateDir = null, int localPort = 0, CancellationToken cancellationToken = default)
    {
        var connection = registry.Connection(connectionId);
        registry.CloseServer(serverId);
        var attached = await starter.AttachAsync(connection, Layout(stateDir), serverId, JupyterToken.FromValue(token), localPort, cancellationToken);
        registry.Add(connectionId, attached);
        await NotifyChangedAsync(connectionId, serverId, "reattached");
        return Result(attached);
    }

    public async Task<ServerLog> GetServerLogsAsync(
        string connectionId, string serverId, int lines = 200, string? stateDir = null, bool follow = false, CancellationToken cancellationToken = default)
    {
        var shell = registry.Connection(connectionId).Shell;
        if (!follow)
        {
            var (path, text) = await logs.TailAsync(shell, Layout(stateDir), serverId, lines, cancellationToken);
            return new ServerLog(serverId, path, text);
        }

        // Lines go out in order, one notification each, as tail prints them; the request ends on cancel or server exit.
        var sends = new OrderedSends();
        var sink = new SynchronousProgress<string>(line => sends.Enqueue(() => NotifyAsync("servers/log", new ServerLogLines(serverId, new[] { line }))));
        var followedPath = await logs.FollowAsync(shell, Layout(stateDir), serverId, lines, sink, cancellationToken);
        await sends.Drained;
        return new ServerLog(serverId, followedPath, string.Empty);
    }

    public async Task<IReadOnlyList<ServerInfo>> ListServersAsync(string connectionId, string? stateDir = null, CancellationToken cancellationToken = default)
    {
        var servers = await lister.ListAsync(registry.Connection(connectionId).Shell, Layout(stateDir), cancellationToken);
        var now = DateTimeOffset.UtcNow;
        return servers.Select(s => ServerInfo.From(s, now, registry.Server(s.Id)?.LocalUrl.ToString())).ToList();
    }

    public async Task<StopResult> StopServerAsync(string connectionId, string serverId, string? stateDir = null, CancellationToken cancellationToken = default)
    {
        var connection = registry.Connection(connectionId);
        registry.CloseServer(serverId);
        var how = await stopper.StopAsync(connection.Shell, Layout(stateDir), serverId, cancellationToken);
        await NotifyChangedAsync(connectionId, serverId, "stopped");
        return new StopResult(how);
    }

    private Task NotifyChangedAsync(string connectionId, string serverId, string change) =>
        NotifyAsync("servers/changed", new ServersChanged(connectionId, serverId, change));

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = Aot.RpcJustification)]
    private async Task NotifyAsync(string method, object argument)
    {
        if (rpc is not null)
        {
            try
            {
                await rpc.NotifyWithParameterObjectAsync(method, argument);
            }
            catch (Exception ex) when (ex is ConnectionLostException or ObjectDisposedException)
            {
                // The client went away; nobody is left to tell.
            }
        }
    }

    private static ServerPersistence Persistence(string? value) => value switch
    {
        null or "" or "detached" => ServerPersistence.Detached,
        "tmux" => ServerPersistence.Tmux,
        _ => throw new RemoteJupyterException(ErrorCode.InvalidArgument, $"Unknown persistence \"{value}\": use detached or tmux."),
    };

    /// <summary>For the DI container; the session itself calls <see cref="DisposeAsync"/>, which also closes URL sources.</summary>
    public void Dispose() => registry.Dispose();

    /// <summary>Closes connections, tunnels and the relays of URL sources.</summary>
    public async ValueTask DisposeAsync()
    {
        registry.Dispose();
        await urlSources.DisposeAsync();
    }

    private static ServerStartResult Result(StartedServer started) => new(
        started.Server.Id, started.LocalUrl.ToString(), started.Tunnel.LocalPort, started.Server.Port, started.Server.Pid,
        started.Environment.PythonPath, started.Environment.Version, started.Token.Value, started.Reused,
        started.Server.Warnings.Count > 0 ? started.Server.Warnings : null,
        started.Server.Container,
        started.Server.Image);

    private static ServerLayout Layout(string? stateDir) => stateDir is null ? new ServerLayout() : new ServerLayout(stateDir);

    private static SynchronousProgress<SessionProgress>? Adapt(IProgress<ProgressValue>? progress) =>
        progress is null ? null : new SynchronousProgress<SessionProgress>(p =>
            progress.Report(new ProgressValue(JsonNaming.Camel(p.Stage.ToString()), JsonNaming.Camel(p.State.ToString()), p.Message)));
}
