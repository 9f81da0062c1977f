using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Slurm;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>slurm/*: thin mappings onto Core.</summary>
internal sealed partial class RemoteJupyterService
{
    public async Task<SlurmInfo> DetectSlurmAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        var found = await new SlurmDetector().DetectAsync(registry.Connection(connectionId).Shell, cancellationToken);
        return new SlurmInfo(
            found.Available, found.Partitions.Select(SlurmPartitionInfo.From).ToList(), found.SinfoPath, found.SbatchPath, found.SlurmConf, found.Version, found.Error);
    }

    public async Task<SlurmStartResult> StartSlurmAsync(
        string connectionId, SlurmParams? slurm = null, string? stateDir = null, int localPort = 0, IProgress<ProgressValue>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var connection = registry.Connection(connectionId);
        var server = await new SlurmJobs(loggerFactory).StartAsync(
            connection, Layout(stateDir), (slurm ?? new SlurmParams()).ToRequest(), localPort, Prompts(), Adapt(progress), cancellationToken);
        registry.Add(connectionId, server.Id, server);
        await NotifyChangedAsync(connectionId, server.Id, "started");
        return SlurmStartResult.From(server);
    }

    public async Task<SlurmStartResult> AttachSlurmAsync(
        string connectionId, string serverId, string? stateDir = null, int localPort = 0, string? token = null, CancellationToken cancellationToken = default)
    {
        var connection = registry.Connection(connectionId);
        registry.CloseServer(serverId);
        var server = await new SlurmJobs(loggerFactory).AttachAsync(
            connection, Layout(stateDir), serverId, localPort, token is { Length: > 0 } ? JupyterToken.FromValue(token) : null, Prompts(), cancellationToken);
        registry.Add(connectionId, server.Id, server);
        await NotifyChangedAsync(connectionId, server.Id, "reattached");
        return SlurmStartResult.From(server);
    }

    public async Task<IReadOnlyList<SlurmJobInfo>> ListSlurmJobsAsync(string connectionId, string? stateDir = null, CancellationToken cancellationToken = default)
    {
        var jobs = await SlurmJobs.ListAsync(registry.Connection(connectionId).Shell, Layout(stateDir), cancellationToken);
        return jobs.Select(SlurmJobInfo.From).ToList();
    }

    public async Task<StopResult> StopSlurmAsync(string connectionId, string serverId, string? stateDir = null, CancellationToken cancellationToken = default)
    {
        var connection = registry.Connection(connectionId);
        registry.CloseServer(serverId);
        var how = await new SlurmJobs(loggerFactory).StopAsync(connection.Shell, Layout(stateDir), serverId, cancellationToken);
        await NotifyChangedAsync(connectionId, serverId, "stopped");
        return new StopResult(how ?? "not-found");
    }
}
