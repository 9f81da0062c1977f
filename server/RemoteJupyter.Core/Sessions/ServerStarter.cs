using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Containers;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Core.Tunnels;

namespace RemoteJupyter.Core.Sessions;

/// <summary>
/// Claim → (reattach, or environment → launch) → tunnel → verify, on an open connection. The claim finds the
/// person's running server for the same environment and folder in one remote command, or takes the host's start
/// lock so that concurrent connects start one server. If any step after the launch fails or is cancelled, the
/// server it started is stopped again: nothing half-made stays on the host.
/// </summary>
public sealed class ServerStarter
{
    private readonly EnvironmentPreparer environments;
    private readonly JupyterLauncher launcher;
    private readonly ServerStopper stopper;
    private readonly ServerClaimer claimer;
    private readonly ILoggerFactory loggerFactory;
    private readonly ContainerStarter? containers;

    /// <summary>Creates the starter; without <paramref name="containers"/> it cannot start container environments.</summary>
    public ServerStarter(
        EnvironmentPreparer environments, JupyterLauncher launcher, ServerStopper stopper, ServerClaimer claimer, ILoggerFactory loggerFactory,
        ContainerStarter? containers = null)
    {
        this.environments = environments;
        this.launcher = launcher;
        this.stopper = stopper;
        this.claimer = claimer;
        this.loggerFactory = loggerFactory;
        this.containers = containers;
    }

    /// <summary>
    /// Opens a verified tunnel to a server that already runs, with the token the client kept: after a
    /// sidecar restart or a dropped connection, the person's kernels are still there.
    /// </summary>
    public async Task<StartedServer> AttachAsync(
        SshConnection connection, ServerLayout layout, string serverId, JupyterToken token, int localPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(token);
        var servers = await new ServerLister().ListAsync(connection.Shell, layout, cancellationToken);
        var server = servers.FirstOrDefault(s => s.Id == serverId && s.Alive)
            ?? throw new RemoteJupyterException(
                ErrorCode.ServerNotFound,
                $"Server {serverId} is no longer running on {connection.DisplayName}. Connect again to start a new one.");
        var tunnel = LocalTunnel.Open(connection, server.Port, localPort, loggerFactory.CreateLogger<LocalTunnel>());
        try
        {
            using var client = new JupyterApiClient(tunnel.LocalUrl, token.Value);
            await client.GetStatusAsync(cancellationToken);
        }
        catch
        {
            tunnel.Dispose();
            throw;
        }

        return new StartedServer(server, Reattached(server), tunnel, token);
    }

    /// <summary>
    /// Reattaches to the running server for the same environment and folder (unless <see cref="ServerStartOptions.Reuse"/>
    /// is off), or starts one; then opens a verified tunnel to it.
    /// </summary>
    public async Task<StartedServer> StartAsync(
        SshConnection connection, ServerStartOptions options, IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        progress?.Report(new SessionProgress(SessionStage.FindingServer, StageState.Starting,
            options.Reuse ? "Looking for your running server…" : "Reserving a new server…"));

        // The claim runs without the login environment, so capturing it (a login shell and its rc files) overlaps
        // the claim instead of preceding it; only preparing and launching wait for it.
        connection.Shell.PrefetchLoginEnvironment();
        var claim = await claimer.ClaimAsync(
            connection.Shell,
            options.Layout,
            options.Container is { } container ? ServerClaimTarget.For(container, options.WorkingDirectory) : ServerClaimTarget.For(options.Environment, options.WorkingDirectory),
            options.Reuse,
            options.Container is null ? EnvironmentPreparer.ExistingVenvScript(options.Environment) : null,
            cancellationToken);
        if (claim is ServerClaim.Found found)
        {
            progress?.Report(new SessionProgress(SessionStage.FindingServer, StageState.Completed,
                $"Reattached to server {found.Server.Id} ({(found.Server.Container is { } name ? "container " + name : "pid " + found.Server.Pid)}, running for {ServerUptime.Format(ServerUptime.Since(found.Server.StartedAt, DateTimeOffset.UtcNow))})"));
            return await OpenTunnelAsync(connection, options, found.Server, Reattached(found.Server), found.Token, reused: true, progress, cancellationToken);
        }

        var lockPath = ((ServerClaim.Acquired)claim).LockPath;
        progress?.Report(new SessionProgress(SessionStage.FindingServer, StageState.Completed,
            options.Reuse ? "No running server for this environment and folder: starting one" : "Starting a new server"));
        if (options.Container is not null)
        {
            return await StartContainerAsync(connection, options, lockPath, progress, cancellationToken);
        }

        var prepared = await ReleasingOnFailureAsync(
            connection, lockPath, () => PrepareAsync(connection, options, ((ServerClaim.Acquired)claim).FollowUp, progress, cancellationToken));

        progress?.Report(new SessionProgress(SessionStage.StartingServer, StageState.Starting, "Starting Jupyter…"));
        var token = JupyterToken.Create();
        var launch = new LaunchRequest(
            prepared.PythonPath, prepared.HasJupyterLab, options.WorkingDirectory, options.RemotePort, prepared.VenvPath, options.StartTimeout, options.Throwaway, options.Settings,
            prepared.KernelPythonPath, lockPath);
        var server = await launcher.StartAsync(connection.Shell, options.Layout, launch, token, cancellationToken);
        progress?.Report(new SessionProgress(SessionStage.StartingServer, StageState.Completed, $"Jupyter running (pid {server.Pid}, remote port {server.Port})"));
        return await OpenTunnelOrStopAsync(connection, options, server, prepared, token, progress, cancellationToken);
    }

    private async Task<StartedServer> StartContainerAsync(
        SshConnection connection, ServerStartOptions options, string lockPath, IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        var starter = containers ?? throw new InvalidOperationException("This starter was made without container support.");
        var prepared = await ReleasingOnFailureAsync(connection, lockPath, () => starter.PrepareAsync(connection.Shell, options.Container!, progress, cancellationToken));

        var token = JupyterToken.Create();
        var launch = new LaunchRequest("python3", false, options.WorkingDirectory, options.RemotePort, null, options.StartTimeout, Settings: options.Settings, LockPath: lockPath);
        var server = await starter.LaunchAsync(connection.Shell, prepared.Engine, prepared.Image, options.Container!, launch, options.Layout, token, progress, cancellationToken);
        return await OpenTunnelOrStopAsync(connection, options, server, ContainerStarter.Environment(server, prepared.Check.PythonVersion), token, progress, cancellationToken);
    }

    /// <summary>Runs a step that precedes the launch; on failure the start lock goes back (the launch script releases it itself).</summary>
    private async Task<T> ReleasingOnFailureAsync<T>(SshConnection connection, string lockPath, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch
        {
            using var release = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await claimer.ReleaseAsync(connection.Shell, lockPath, release.Token);
            throw;
        }
    }

    /// <summary>Opens the tunnel to a server this call started; if that fails (but the connection is not simply lost), the server is stopped again.</summary>
    private async Task<StartedServer> OpenTunnelOrStopAsync(
        SshConnection connection, ServerStartOptions options, RemoteServer server, PythonEnvironment environment, JupyterToken token,
        IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await OpenTunnelAsync(connection, options, server, environment, token, reused: false, progress, cancellationToken);
        }
        catch (Exception ex) when (ex is not RemoteJupyterException { Code: ErrorCode.ConnectionLost })
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await stopper.TryStopByIdAsync(connection.Shell, options.Layout, server.Id, cleanup.Token);
            throw;
        }
    }

    private static PythonEnvironment Reattached(RemoteServer server) =>
        server.Container is not null
            ? ContainerStarter.Environment(server)
            : new PythonEnvironment(server.Python, string.Empty, server.EnvironmentPath, false, string.Empty, false, []);

    private async Task<PythonEnvironment> PrepareAsync(
        SshConnection connection, ServerStartOptions options, RemoteResult? verified, IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        var what = options.Environment.EnvironmentPath ?? options.Environment.VenvPath ?? options.Environment.PythonPath ?? "a Python with Jupyter";
        progress?.Report(new SessionProgress(SessionStage.PreparingEnvironment, StageState.Starting, $"Preparing {what}…"));
        // An existing venv was verified by the claim's own command, while the login environment's capture went on.
        var environment = (verified is null ? null : environments.TryReadExistingVenv(verified, options.Environment))
            ?? await environments.PrepareAsync(connection.Shell, options.Environment, cancellationToken);
        progress?.Report(new SessionProgress(
            SessionStage.PreparingEnvironment,
            StageState.Completed,
            (environment.CreatedVenv ? "Created " : "Using ") + $"{environment.PythonPath} (Python {environment.Version}, jupyter_server {environment.JupyterServerVersion})" +
            (environment.KernelPythonPath is { } kernel ? $", kernels from {kernel}" : string.Empty)));
        return environment;
    }

    private async Task<StartedServer> OpenTunnelAsync(
        SshConnection connection, ServerStartOptions options, RemoteServer server, PythonEnvironment environment, JupyterToken token, bool reused,
        IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new SessionProgress(SessionStage.OpeningTunnel, StageState.Starting, "Opening tunnel…"));
        var tunnel = LocalTunnel.Open(connection, server.Port, options.LocalPort, loggerFactory.CreateLogger<LocalTunnel>());
        try
        {
            progress?.Report(new SessionProgress(SessionStage.OpeningTunnel, StageState.Completed, $"Tunnel open on {tunnel.LocalUrl}"));
            progress?.Report(new SessionProgress(SessionStage.Verifying, StageState.Starting, "Checking the server through the tunnel…"));
            using (var client = new JupyterApiClient(tunnel.LocalUrl, token.Value))
            {
                await client.GetStatusAsync(cancellationToken);
            }

            progress?.Report(new SessionProgress(SessionStage.Verifying, StageState.Completed, $"Ready: {tunnel.LocalUrl}"));
            return new StartedServer(server, environment, tunnel, token) { Reused = reused };
        }
        catch
        {
            tunnel.Dispose();
            throw;
        }
    }
}
