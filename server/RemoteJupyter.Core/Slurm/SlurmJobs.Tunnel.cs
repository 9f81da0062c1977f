using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Core.Tunnels;

namespace RemoteJupyter.Core.Slurm;

/// <summary>The tunnel to a running job's Jupyter: straight through the login node, or through an SSH connection to the node.</summary>
public sealed partial class SlurmJobs
{
    private async Task<SlurmServer> OpenTunnelAsync(
        SshConnection connection, ServerLayout layout, string id, SlurmJobSnapshot snapshot, JupyterToken token, int localPort, bool reattached,
        NodeRoute route, IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        var endpoint = snapshot.Endpoint!;
        var jobId = snapshot.Status.JobId;

        // A node address is reached from the login node; a loopback binding only from the node itself (unless the node is the login node).
        var access = endpoint.Mode != "loopback" ? "node-address"
            : route.Access == SlurmNodeAccess.Auto && endpoint.DirectlyReachableFrom(snapshot.LoginHost) ? "direct" : "jump";
        LogRunning(logger, jobId, endpoint.Node, endpoint.Address, endpoint.Port, endpoint.Mode, access);
        var node = access == "jump" ? await JumpAsync(connection, endpoint, route, progress, cancellationToken) : null;
        LocalTunnel? tunnel = null;
        try
        {
            progress?.Report(new SessionProgress(SessionStage.OpeningTunnel, StageState.Starting, access == "jump"
                ? $"Opening tunnel via the login node and node {endpoint.Node} to its 127.0.0.1:{endpoint.Port}…"
                : $"Opening tunnel via the login node to {endpoint.Address}:{endpoint.Port}…"));
            tunnel = node is null
                ? LocalTunnel.Open(connection, endpoint.Address, endpoint.Port, localPort, loggerFactory.CreateLogger<LocalTunnel>())
                : LocalTunnel.Open(node, "127.0.0.1", endpoint.Port, localPort, loggerFactory.CreateLogger<LocalTunnel>());
            await WaitUntilAnsweringAsync(connection, layout, id, snapshot, token, tunnel.LocalUrl, progress, cancellationToken);
            progress?.Report(new SessionProgress(SessionStage.Verifying, StageState.Completed, $"Ready: {tunnel.LocalUrl}"));
            return new SlurmServer(id, snapshot.Status, endpoint, tunnel, token, reattached, access, node);
        }
        catch
        {
            tunnel?.Dispose();
            node?.Dispose();
            throw;
        }
    }

    /// <summary>SSH to the node through the login node; a refusal (as opposed to a host key that changed) becomes <see cref="ErrorCode.SlurmNodeSshRefused"/>.</summary>
    private async Task<SshConnection> JumpAsync(
        SshConnection connection, SlurmEndpoint endpoint, NodeRoute route, IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new SessionProgress(
            SessionStage.OpeningTunnel, StageState.Output, $"Connecting to node {endpoint.Node} ({endpoint.JumpAddress} port {route.SshPort}) through the login node…"));
        var watch = Stopwatch.StartNew();
        try
        {
            var node = await connection.OpenThroughAsync(endpoint.Node, endpoint.JumpAddress, route.SshPort, route.Prompts, cancellationToken);
            LogJumped(logger, endpoint.Node, endpoint.JumpAddress, route.SshPort, watch.ElapsedMilliseconds);
            return node;
        }
        catch (RemoteJupyterException ex) when (ex.Code is not (ErrorCode.HostKeyChanged or ErrorCode.HostKeyRevoked or ErrorCode.ConnectionLost or ErrorCode.Cancelled))
        {
            throw new RemoteJupyterException(
                ErrorCode.SlurmNodeSshRefused, $"Node {endpoint.Node} refuses SSH ({ex.Message.TrimEnd('.')})", ex);
        }
    }

    /// <summary>Polls Jupyter's status through the tunnel until it answers; a job that ended meanwhile is reported as such.</summary>
    private async Task WaitUntilAnsweringAsync(
        SshConnection connection, ServerLayout layout, string id, SlurmJobSnapshot snapshot, JupyterToken token, Uri url, IProgress<SessionProgress>? progress,
        CancellationToken cancellationToken)
    {
        var endpoint = snapshot.Endpoint!;
        progress?.Report(new SessionProgress(SessionStage.Verifying, StageState.Starting, "Waiting for Jupyter to answer through the tunnel…"));
        using var client = new JupyterApiClient(url, token.Value);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (true)
        {
            try
            {
                await client.GetStatusAsync(timeout.Token);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or RemoteJupyterException && !timeout.IsCancellationRequested)
            {
                // Not listening yet; a job that died is caught by the probe below.
                var again = await ProbeAsync(connection.Shell, layout, id, snapshot.Status.JobId, withToken: false, timeout.Token);
                if (again.Status.HasEnded)
                {
                    throw Ended(again, connection.DisplayName);
                }

                await Task.Delay(PollInterval, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RemoteJupyterException(
                    ErrorCode.ServerStartFailed,
                    $"Job {snapshot.Status.JobId} runs on {endpoint.Node}, but Jupyter did not answer on {endpoint.Address}:{endpoint.Port} within {StartTimeout.TotalSeconds:0} s. See {layout.JobsDir}/{id}/job.log on the host.");
            }
        }
    }

    /// <summary>How the job is to be reached and what a jump needs.</summary>
    private sealed record NodeRoute(SlurmNodeAccess Access, int SshPort, ISshPrompts Prompts);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Slurm job {JobId} runs on {Node}: Jupyter bound to {Address}:{Port} ({Mode} binding), reached by {Access}")]
    private static partial void LogRunning(ILogger logger, string jobId, string node, string address, int port, string mode, string access);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Information, Message = "Connected to node {Node} ({Address} port {Port}) through the login node in {Milliseconds} ms")]
    private static partial void LogJumped(ILogger logger, string node, string address, int port, long milliseconds);
}
