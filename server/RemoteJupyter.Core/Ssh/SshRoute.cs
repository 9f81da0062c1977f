using Microsoft.Extensions.Logging;
using Renci.SshNet.Common;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Tunnels;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// The way to a host, as ssh would take it: straight to HostName:Port, through a <c>ProxyCommand</c>, or
/// through <c>ProxyJump</c> hosts. Each jump host is an authenticated connection of its own (its host key
/// checked under its real name) holding a forward on 127.0.0.1 to the next hop. Owns every piece and
/// closes them in reverse order.
/// </summary>
internal sealed partial class SshRoute : IDisposable
{
    /// <summary>The longest chain we follow; a longer one is taken for a loop (A jumps via B, B via A).</summary>
    internal const int MaxHops = 8;

    private readonly ILogger logger;

    /// <summary>What was opened, in order: the ProxyCommand, then each hop's connection and forward.</summary>
    private readonly List<IDisposable> parts = [];

    private ProxyCommandBridge? proxyCommand;
    private string? proxyCommandText;

    private SshRoute(IReadOnlyList<ResolvedHost> hops, ILogger logger)
    {
        Hops = hops;
        this.logger = logger;
    }

    /// <summary>Every host on the way, first jump host first, the destination last.</summary>
    public IReadOnlyList<ResolvedHost> Hops { get; }

    /// <summary>Where the destination's SSH stream is reached: its own address or a loopback port.</summary>
    public (string Host, int Port) Endpoint { get; private set; }

    /// <summary>
    /// The hosts on the way to <paramref name="destination"/>, like <c>ssh</c>: each <c>ProxyJump</c> hop resolved
    /// through the same ssh_config as a host of its own; the first hop's own proxy settings apply, later hops'
    /// do not (ssh reaches them with <c>-J</c>, which overrides their config).
    /// </summary>
    public static IReadOnlyList<ResolvedHost> Plan(ResolvedHost destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var hops = new List<ResolvedHost>();
        AddHopsTo(destination, hops, [destination.Alias]);
        hops.Add(destination);
        return hops;
    }

    /// <summary>Connects every jump host (or starts the ProxyCommand) on the way to <paramref name="destination"/>.</summary>
    public static async Task<SshRoute> OpenAsync(
        ResolvedHost destination, ISshPrompts prompts, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var route = new SshRoute(Plan(destination), loggerFactory.CreateLogger<SshRoute>());
        try
        {
            await route.ConnectJumpHostsAsync(prompts, loggerFactory, cancellationToken);
            return route;
        }
        catch
        {
            route.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The way to <paramref name="destination"/> through an open connection <paramref name="via"/> (a compute node behind its
    /// login node): one forward on 127.0.0.1 to the destination's sshd, owned by the route like a jump host's.
    /// </summary>
    public static SshRoute Through(SshConnection via, ResolvedHost destination, ILoggerFactory loggerFactory)
    {
        var route = new SshRoute([destination], loggerFactory.CreateLogger<SshRoute>());
        route.Endpoint = ("127.0.0.1", route.Forward(via, destination));
        return route;
    }

    /// <summary>
    /// Where hop <paramref name="index"/> connects on each handshake attempt. A ProxyCommand carries one
    /// connection only, so a second handshake (after an unknown key was accepted) gets a fresh command.
    /// </summary>
    public Func<int, (string Host, int Port)> EndpointFor(int index) =>
        attempt => attempt > 1 && index == 0 && proxyCommand is not null ? RestartProxyCommand() : Endpoint;

    /// <summary>
    /// <paramref name="error"/> from hop <paramref name="index"/>, saying which hop failed ("via bastion1 →
    /// bastion2: …") and, when a ProxyCommand carried it and has exited, what the command printed.
    /// </summary>
    public async Task<RemoteJupyterException> ExplainAsync(int index, RemoteJupyterException error)
    {
        var detail = index == 0 && proxyCommand is not null ? await proxyCommand.ExitReportAsync() : null;
        if (Hops.Count == 1 && detail is null)
        {
            return error;
        }

        var via = Hops.Count == 1 ? string.Empty : "via " + string.Join(" → ", Hops.Take(index + 1).Select(h => h.Alias)) + ": ";
        var message = via + error.Message + (detail is null ? string.Empty : " " + detail);
        return new RemoteJupyterException(error.Code, message, error);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            parts[i].Dispose();
        }

        parts.Clear();
    }

    private static void AddHopsTo(ResolvedHost host, List<ResolvedHost> hops, List<string> path)
    {
        if (host.ProxyJump.Count == 0)
        {
            return;
        }

        var resolved = new List<ResolvedHost>();
        foreach (var jump in host.ProxyJump)
        {
            var hop = SshConfigFile.Resolve(new SshTarget(jump.Host, jump.Port, jump.User), host.ConfigFile);
            if (hop.HostName == host.HostName && hop.Port == host.Port && hop.User == host.User)
            {
                // ssh: "jumphost loop via …".
                throw Loop(path.Append(jump.Host), $"{jump.Host} is reached through itself");
            }

            resolved.Add(hop);
        }

        path.Add(resolved[0].Alias);
        if (path.Count > MaxHops)
        {
            throw Loop(path, $"more than {MaxHops} jump hosts");
        }

        AddHopsTo(resolved[0], hops, path);
        hops.Add(resolved[0]);
        foreach (var later in resolved.Skip(1))
        {
            hops.Add(later with { ProxyJump = [], ProxyJumpText = null, ProxyCommand = null, ProxyCommandExpanded = null });
        }

        if (hops.Count + 1 > MaxHops)
        {
            throw Loop(path, $"more than {MaxHops} jump hosts");
        }
    }

    private static RemoteJupyterException Loop(IEnumerable<string> path, string why) => new(
        ErrorCode.InvalidHost,
        $"ProxyJump loop ({string.Join(" → ", path)}): {why}. Add 'ProxyJump none' to the jump host's own Host block in your ssh config.");

    private async Task ConnectJumpHostsAsync(ISshPrompts prompts, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var first = Hops[0];
        Endpoint = (first.HostName, first.Port);
        if (first.ProxyCommand is not null)
        {
            var command = first.ProxyCommandExpanded ?? throw new RemoteJupyterException(
                ErrorCode.InvalidHost,
                $"The ProxyCommand for {first.Alias} uses % tokens Remote Jupyter cannot expand (only %h, %p, %r, %n and %% are). Rewrite it with those, or use ProxyJump.");
            proxyCommandText = command;
            proxyCommand = ProxyCommandBridge.Start(command, first.Alias, logger);
            parts.Add(proxyCommand);
            Endpoint = ("127.0.0.1", proxyCommand.Port);
        }

        for (var i = 0; i < Hops.Count - 1; i++)
        {
            var hop = Hops[i];
            var next = Hops[i + 1];
            SshConnection connection;
            try
            {
                LogJumping(logger, hop.Alias, next.Alias);
                connection = await SshConnection.OpenHopAsync(hop, EndpointFor(i), prompts, loggerFactory, cancellationToken);
            }
            catch (RemoteJupyterException ex)
            {
                throw await ExplainAsync(i, ex);
            }

            parts.Add(connection);
            Endpoint = ("127.0.0.1", Forward(connection, next));
        }
    }

    private (string Host, int Port) RestartProxyCommand()
    {
        var old = proxyCommand!;
        parts.Remove(old);
        old.Dispose();
        proxyCommand = ProxyCommandBridge.Start(proxyCommandText!, Hops[0].Alias, logger);
        parts.Insert(0, proxyCommand);
        Endpoint = ("127.0.0.1", proxyCommand.Port);
        return Endpoint;
    }

    /// <summary>A forward on 127.0.0.1, on a port the system picks, through <paramref name="connection"/> to the next hop's sshd.</summary>
    private int Forward(SshConnection connection, ResolvedHost next)
    {
        LocalTunnel tunnel;
        try
        {
            tunnel = LocalTunnel.Open(connection, next.HostName, next.Port, localPort: 0, logger);
        }
        catch (RemoteJupyterException ex) when (ex.InnerException is { } cause)
        {
            throw new RemoteJupyterException(
                ErrorCode.ConnectionFailed,
                $"Could not open a forward through {connection.Host.Alias} to {next.HostName} port {next.Port}: {cause.Message}",
                cause);
        }

        parts.Add(tunnel);
        LogForwarding(logger, tunnel.LocalPort, connection.Host.Alias, next.HostName, next.Port);
        return tunnel.LocalPort;
    }

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Connecting to jump host {Hop} on the way to {Next}")]
    private static partial void LogJumping(ILogger logger, string hop, string next);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Debug, Message = "127.0.0.1:{LocalPort} forwards through {Hop} to {Host}:{Port}")]
    private static partial void LogForwarding(ILogger logger, int localPort, string hop, string host, int port);
}
