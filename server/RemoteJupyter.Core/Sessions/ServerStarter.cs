using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Core.Tunnels;

namespace RemoteJupyter.Core.Sessions;

/// <summary>
/// Environment → launch → tunnel → verify, on an open connection. If any step after the launch fails
/// or is cancelled, the server it started is stopped again: nothing half-made stays on the host.
/// </summary>
public sealed class ServerStarter
{
    private readonly EnvironmentPreparer environments;
    private readonly JupyterLauncher launcher;
    private readonly ServerStopper stopper;
    private readonly ILoggerFactory loggerFactory;

    /// <summary>Creates the starter.</summary>
    public ServerStarter(EnvironmentPreparer environments, JupyterLauncher launcher, ServerStopper stopper, ILoggerFactory loggerFactory)
    {
        this.environments = environments;
        this.launcher = launcher;
        this.stopper = stopper;
        this.loggerFactory = loggerFactory;
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

        var environment = new PythonEnvironment(server.Python, string.Empty, server.EnvironmentPath, false, string.Empty, false, []);
        return new StartedServer(server, environment, tunnel, token);
    }

    /// <summary>Starts a server and opens a verified tunnel to it.</summary>
    public async Task<StartedServer> StartAsync(
        SshConnection connection, ServerStartOptions options, IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var what = options.Environment.EnvironmentPath ?? options.Environment.VenvPath ?? options.Environment.PythonPath ?? "a Python with Jupyter";
        progress?.Report(new SessionProgress(SessionStage.PreparingEnvironment, StageState.Starting, $"Preparing {what}…"));
        var environment = await environments.PrepareAsync(connection.Shell, options.Environment, cancellationToken);
        progress?.Report(new SessionProgress(
            SessionStage.PreparingEnvironment,
            StageState.Completed,
            (environment.CreatedVenv ? "Created " : "Using ") + $"{environment.PythonPath} (Python {environment.Version}, jupyter_server {environment.JupyterServerVersion})" +
            (environment.KernelPythonPath is { } kernel ? $", kernels from {kernel}" : string.Empty)));

        progress?.Report(new SessionProgress(SessionStage.StartingServer, StageState.Starting, "Starting Jupyter…"));
        var token = JupyterToken.Create();
        var launch = new LaunchRequest(
            environment.PythonPath, environment.HasJupyterLab, options.WorkingDirectory, options.RemotePort, environment.VenvPath, options.StartTimeout, options.Throwaway, options.Settings,
            environment.KernelPythonPath);
        var server = await launcher.StartAsync(connection.Shell, options.Layout, launch, token, cancellationToken);
        progress?.Report(new SessionProgress(SessionStage.StartingServer, StageState.Completed, $"Jupyter running (pid {server.Pid}, remote port {server.Port})"));

        LocalTunnel? tunnel = null;
        try
        {
            progress?.Report(new SessionProgress(SessionStage.OpeningTunnel, StageState.Starting, "Opening tunnel…"));
            tunnel = LocalTunnel.Open(connection, server.Port, options.LocalPort, loggerFactory.CreateLogger<LocalTunnel>());
            progress?.Report(new SessionProgress(SessionStage.OpeningTunnel, StageState.Completed, $"Tunnel open on {tunnel.LocalUrl}"));

            progress?.Report(new SessionProgress(SessionStage.Verifying, StageState.Starting, "Checking the server through the tunnel…"));
            using (var client = new JupyterApiClient(tunnel.LocalUrl, token.Value))
            {
                await client.GetStatusAsync(cancellationToken);
            }

            progress?.Report(new SessionProgress(SessionStage.Verifying, StageState.Completed, $"Ready: {tunnel.LocalUrl}"));
            return new StartedServer(server, environment, tunnel, token);
        }
        catch (Exception ex) when (ex is not RemoteJupyterException { Code: ErrorCode.ConnectionLost })
        {
            tunnel?.Dispose();
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await stopper.TryStopByIdAsync(connection.Shell, options.Layout, server.Id, cleanup.Token);
            throw;
        }
    }
}
