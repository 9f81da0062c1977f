using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Core.Tunnels;

namespace RemoteJupyter.Core.Slurm;

/// <summary>
/// Jupyter in a Slurm job: submit, follow the queue (reporting state and reason, cancellable), tunnel through the
/// login node once it runs; reattach, list and stop later. Whatever fails or is cancelled after the submit is
/// scancelled: no job stays queued for nobody.
/// </summary>
public sealed partial class SlurmJobs
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(400);
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger<SlurmJobs> logger;

    /// <summary>Creates the service.</summary>
    public SlurmJobs(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        this.loggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger<SlurmJobs>();
    }

    /// <summary>How long Jupyter may take to answer once the job runs.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Submits a job for <paramref name="request"/> and returns once its Jupyter answers through the tunnel.</summary>
    public async Task<SlurmServer> StartAsync(
        SshConnection connection, ServerLayout layout, SlurmRequest request, int localPort, IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(request);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var token = JupyterToken.Create();
        progress?.Report(new SessionProgress(SessionStage.StartingServer, StageState.Starting, "Submitting the Jupyter job…"));
        var result = await connection.Shell.RunScriptAsync("submit-slurm-job", SlurmJobScript.BuildSubmit(layout, id, request, token), cancellationToken);
        var lines = result.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        var jobId = lines.FirstOrDefault(l => l.StartsWith("rj-jobid=", StringComparison.Ordinal))?["rj-jobid=".Length..];
        if (!result.Succeeded || string.IsNullOrEmpty(jobId))
        {
            var reason = string.Join("\n", lines.Where(l => l.StartsWith("rj-error=", StringComparison.Ordinal)).Select(l => l["rj-error=".Length..]));
            throw new RemoteJupyterException(
                ErrorCode.SlurmSubmitFailed,
                $"sbatch on {connection.DisplayName} refused the job: {(reason.Length > 0 ? reason : result.Stderr.Trim())}");
        }

        var arguments = request.SbatchArguments();
        LogSubmitted(logger, id, jobId, arguments);
        progress?.Report(new SessionProgress(SessionStage.StartingServer, StageState.Output, $"Submitted job {jobId}"));
        try
        {
            var snapshot = await WaitForEndpointAsync(connection.Shell, layout, id, jobId, progress, cancellationToken);
            LogRunning(logger, jobId, snapshot.Endpoint!.Node, snapshot.Endpoint.Address, snapshot.Endpoint.Port, snapshot.Endpoint.Mode);
            progress?.Report(new SessionProgress(SessionStage.StartingServer, StageState.Completed,
                $"Job {jobId} running on {snapshot.Endpoint.Node}; Jupyter on {snapshot.Endpoint.Address}:{snapshot.Endpoint.Port} ({snapshot.Endpoint.Mode} binding)"));
            return await OpenTunnelAsync(connection, layout, id, snapshot, token, localPort, reattached: false, progress, cancellationToken);
        }
        catch (Exception ex) when (ex is not RemoteJupyterException { Code: ErrorCode.ConnectionLost })
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await CancelAndForgetAsync(connection.Shell, layout, id, jobId, cleanup.Token);
            throw;
        }
    }

    /// <summary>Opens a verified tunnel to a running job's Jupyter (after a disconnect or a sidecar restart), with the token Jupyter keeps on the host.</summary>
    public async Task<SlurmServer> AttachAsync(
        SshConnection connection, ServerLayout layout, string id, int localPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var job = (await ListAsync(connection.Shell, layout, cancellationToken)).FirstOrDefault(j => j.Id == id)
            ?? throw new RemoteJupyterException(ErrorCode.ServerNotFound, $"No Jupyter job {id} on {connection.DisplayName}.");
        var snapshot = await ProbeAsync(connection.Shell, layout, id, job.Status.JobId, withToken: true, cancellationToken);
        if (!snapshot.Status.IsRunning || snapshot.Endpoint is null || snapshot.Token is null)
        {
            throw Ended(snapshot, connection.DisplayName);
        }

        return await OpenTunnelAsync(connection, layout, id, snapshot, snapshot.Token, localPort, reattached: true, progress: null, cancellationToken);
    }

    private async Task<SlurmJobSnapshot> WaitForEndpointAsync(
        RemoteShell shell, ServerLayout layout, string id, string jobId, IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        string? lastReported = null;
        while (true)
        {
            var snapshot = await ProbeAsync(shell, layout, id, jobId, withToken: false, cancellationToken);
            var status = snapshot.Status;
            if (status.HasEnded)
            {
                throw Ended(snapshot, null);
            }

            if (status.IsRunning && snapshot.Endpoint is not null)
            {
                return snapshot;
            }

            var message = status.IsRunning
                ? $"Job {jobId} running on {status.Node}: starting Jupyter…"
                : $"Job {jobId} {status.State}" + (status.Reason is { } reason ? $" ({reason})" : string.Empty);
            if (message != lastReported)
            {
                progress?.Report(new SessionProgress(SessionStage.StartingServer, StageState.Output, message));
                lastReported = message;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task<SlurmServer> OpenTunnelAsync(
        SshConnection connection, ServerLayout layout, string id, SlurmJobSnapshot snapshot, JupyterToken token, int localPort, bool reattached,
        IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        var endpoint = snapshot.Endpoint!;
        if (!endpoint.ReachableFrom(snapshot.LoginHost))
        {
            // The tunnel's far end is the login node: its 127.0.0.1 is not the node's, and whatever listens there must not get the token.
            throw new RemoteJupyterException(
                ErrorCode.SlurmNodeUnreachable,
                $"Job {snapshot.Status.JobId} runs on {endpoint.Host}, but Jupyter there is bound to that node's loopback, which the login node {snapshot.LoginHost} cannot reach. Bind it to the node's address instead (a jump to the node is not supported yet).");
        }

        progress?.Report(new SessionProgress(SessionStage.OpeningTunnel, StageState.Starting, $"Opening tunnel via the login node to {endpoint.Address}:{endpoint.Port}…"));
        var tunnel = LocalTunnel.Open(connection, endpoint.Address, endpoint.Port, localPort, loggerFactory.CreateLogger<LocalTunnel>());
        try
        {
            progress?.Report(new SessionProgress(SessionStage.Verifying, StageState.Starting, "Waiting for Jupyter to answer through the tunnel…"));
            using var client = new JupyterApiClient(tunnel.LocalUrl, token.Value);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            while (true)
            {
                try
                {
                    await client.GetStatusAsync(timeout.Token);
                    break;
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

            progress?.Report(new SessionProgress(SessionStage.Verifying, StageState.Completed, $"Ready: {tunnel.LocalUrl}"));
            return new SlurmServer(id, snapshot.Status, endpoint, tunnel, token, reattached);
        }
        catch
        {
            tunnel.Dispose();
            throw;
        }
    }

    private static RemoteJupyterException Ended(SlurmJobSnapshot snapshot, string? host)
    {
        var status = snapshot.Status;
        var message = $"Slurm job {status.JobId}{(host is null ? string.Empty : " on " + host)} ended: {status.State}" +
            (status.Reason is { } reason ? $" ({reason})" : string.Empty) +
            (snapshot.LastLogLines.Count > 0 ? ". Last log lines:\n" + string.Join('\n', snapshot.LastLogLines) : ".");
        return new RemoteJupyterException(ErrorCode.SlurmJobEnded, message);
    }

    private static async Task<SlurmJobSnapshot> ProbeAsync(
        RemoteShell shell, ServerLayout layout, string id, string jobId, bool withToken, CancellationToken cancellationToken)
    {
        var result = await shell.RunScriptAsync("probe-slurm-job", SlurmJobProbe.Build(layout, id, jobId, withToken), cancellationToken);
        return SlurmJobProbe.Parse(jobId, result.Stdout);
    }

    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "Submitted Slurm job {JobId} for Jupyter job {Id} with {Arguments}")]
    private static partial void LogSubmitted(ILogger logger, string id, string jobId, IReadOnlyList<string> arguments);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Slurm job {JobId} runs on {Node}: Jupyter bound to {Address}:{Port} ({Mode} binding)")]
    private static partial void LogRunning(ILogger logger, string jobId, string node, string address, int port, string mode);
}
