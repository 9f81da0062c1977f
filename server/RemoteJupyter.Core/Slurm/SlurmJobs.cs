using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;

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

    /// <summary>
    /// Submits a job for <paramref name="request"/> and returns once its Jupyter answers through the tunnel. When SSH to the
    /// node is refused (auto or jump access), that job is cancelled and one more is submitted with Jupyter on the node's
    /// address. <paramref name="prompts"/> answers what a jump to the node asks (its host key, a password).
    /// </summary>
    public async Task<SlurmServer> StartAsync(
        SshConnection connection, ServerLayout layout, SlurmRequest request, int localPort, ISshPrompts prompts, IProgress<SessionProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await SubmitAndOpenAsync(connection, layout, request, localPort, prompts, progress, cancellationToken);
        }
        catch (RemoteJupyterException refused) when (refused.Code == ErrorCode.SlurmNodeSshRefused && request.NodeAccess != SlurmNodeAccess.NodeAddress)
        {
            LogJumpRefused(logger, refused.Message);
            progress?.Report(new SessionProgress(
                SessionStage.StartingServer, StageState.Output, refused.Message + "; resubmitting with Jupyter on the node's address, token as the only key"));
            return await SubmitAndOpenAsync(connection, layout, request with { NodeAccess = SlurmNodeAccess.NodeAddress }, localPort, prompts, progress, cancellationToken);
        }
    }

    /// <summary>
    /// Opens a verified tunnel to a running job's Jupyter (after a disconnect or a sidecar restart), the way it was submitted to be
    /// reached, with the token Jupyter keeps on the host, else <paramref name="token"/> (a host without a shared home, where the
    /// login node cannot read the node's runtime file).
    /// </summary>
    public async Task<SlurmServer> AttachAsync(
        SshConnection connection, ServerLayout layout, string id, int localPort, JupyterToken? token, ISshPrompts prompts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var job = (await ListAsync(connection.Shell, layout, cancellationToken)).FirstOrDefault(j => j.Id == id)
            ?? throw new RemoteJupyterException(ErrorCode.ServerNotFound, $"No Jupyter job {id} on {connection.DisplayName}.");
        var snapshot = await ProbeAsync(connection.Shell, layout, id, job.Status.JobId, withToken: true, cancellationToken);
        if (!snapshot.Status.IsRunning || snapshot.Endpoint is null)
        {
            throw Ended(snapshot, connection.DisplayName);
        }

        var key = snapshot.Token ?? token ?? throw new RemoteJupyterException(
            ErrorCode.ServerNotFound,
            $"Job {snapshot.Status.JobId} runs on {snapshot.Endpoint.Node}, but its token is not readable from the login node {connection.DisplayName} (no shared home?), and none was given.");
        var access = new NodeRoute(snapshot.NodeAccess, snapshot.NodeSshPort, prompts);
        return await OpenTunnelAsync(connection, layout, id, snapshot, key, localPort, reattached: true, access, progress: null, cancellationToken);
    }

    private async Task<SlurmServer> SubmitAndOpenAsync(
        SshConnection connection, ServerLayout layout, SlurmRequest request, int localPort, ISshPrompts prompts, IProgress<SessionProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(prompts);
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
            progress?.Report(new SessionProgress(SessionStage.StartingServer, StageState.Completed,
                $"Job {jobId} running on {snapshot.Endpoint!.Node}; Jupyter on {snapshot.Endpoint.Address}:{snapshot.Endpoint.Port} ({snapshot.Endpoint.Mode} binding)"));
            var access = new NodeRoute(request.NodeAccess, request.NodeSshPort, prompts);
            return await OpenTunnelAsync(connection, layout, id, snapshot, token, localPort, reattached: false, access, progress, cancellationToken);
        }
        catch (Exception ex) when (ex is not RemoteJupyterException { Code: ErrorCode.ConnectionLost })
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await CancelAndForgetAsync(connection.Shell, layout, id, jobId, cleanup.Token);
            throw;
        }
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

    [LoggerMessage(EventId = 8004, Level = LogLevel.Warning, Message = "{Reason}; resubmitting with Jupyter on the node's address, token as the only key")]
    private static partial void LogJumpRefused(ILogger logger, string reason);
}
