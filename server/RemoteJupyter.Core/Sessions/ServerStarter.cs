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

    /// <summary>Starts a server and opens a verified tunnel to it.</summary>
    public async Task<StartedServer> StartAsync(
        SshConnection connection, ServerStartOptions options, IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var what = options.Environment.VenvPath ?? options.Environment.PythonPath ?? "a Python with Jupyter";
        progress?.Report(new SessionProgress(SessionStage.PreparingEnvironment, StageState.Starting, $"Preparing {what}…"));
        var environment = await environments.PrepareAsync(connection.Shell, options.Environment, cancellationToken);
        progress?.Report(new SessionProgress(
            SessionStage.PreparingEnvironment,
            StageState.Completed,
            (environment.CreatedVenv ? "Created " : "Using ") + $"{environment.PythonPath} (Python {environment.Version}, jupyter_server {environment.JupyterServerVersion})"));

        progress?.Report(new SessionProgress(SessionStage.StartingServer, StageState.Starting, "Starting Jupyter…"));
        var token = JupyterToken.Create();
        var launch = new LaunchRequest(
            environment.PythonPath, environment.HasJupyterLab, options.WorkingDirectory, options.RemotePort, environment.VenvPath, options.StartTimeout, options.Throwaway);
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
