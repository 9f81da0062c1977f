using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Slurm;

namespace RemoteJupyter.Sidecar.Rpc;

// The slurm/* data shapes. camelCase on the wire; null members are omitted.

/// <summary>A partition: TimeLimitSeconds absent when unlimited; IdleNodes are free now (a job that fits starts at once).</summary>
public sealed record SlurmPartitionInfo(
    string Name, bool IsDefault, bool Up, int Nodes, string CpusPerNode, string MemoryMbPerNode, int IdleNodes, long? TimeLimitSeconds = null, string? Gres = null)
{
    internal static SlurmPartitionInfo From(SlurmPartition p) =>
        new(p.Name, p.IsDefault, p.Up, p.Nodes, p.CpusPerNode, p.MemoryMbPerNode, p.IdleNodes, p.TimeLimitSeconds, p.Gres);
}

/// <summary>Result of <c>slurm/detect</c>: Available when sinfo and sbatch are on the login PATH and the controller answered (else Error says why).</summary>
public sealed record SlurmInfo(
    bool Available, IReadOnlyList<SlurmPartitionInfo> Partitions, string? SinfoPath = null, string? SbatchPath = null, string? SlurmConf = null,
    string? Version = null, string? Error = null);

/// <summary>
/// What <c>slurm/start</c> asks Slurm for (each maps to one sbatch option; absent = the site's default) and what the job runs:
/// PythonPath (default python3) and a VenvPath or CondaPrefix to activate, after the Modules are loaded. NodeAccess (auto, jump,
/// node-address) says how Jupyter on the node is reached; NodeSshPort (default 22) is the nodes' sshd port for a jump.
/// </summary>
public sealed record SlurmParams(
    string? Partition = null,
    string? Time = null,
    int? Cpus = null,
    string? Mem = null,
    string? Gres = null,
    string? Account = null,
    IReadOnlyList<string>? ExtraArgs = null,
    IReadOnlyList<string>? Modules = null,
    string? PythonPath = null,
    string? VenvPath = null,
    string? CondaPrefix = null,
    string? WorkingDirectory = null,
    string? NodeAccess = null,
    int? NodeSshPort = null)
{
    internal SlurmRequest ToRequest() => new(Partition, Time, Cpus, Mem, Gres, Account, ExtraArgs)
    {
        Python = PythonPath ?? "python3",
        VenvPath = VenvPath,
        CondaPrefix = CondaPrefix,
        Modules = Modules ?? [],
        WorkingDirectory = WorkingDirectory,
        NodeAccess = SlurmNodeAccessNames.Parse(NodeAccess) ?? throw new RemoteJupyterException(
            ErrorCode.InvalidArgument, $"nodeAccess must be one of {string.Join(", ", SlurmNodeAccessNames.All)}, not '{NodeAccess}'."),
        NodeSshPort = NodeSshPort is null or (> 0 and < 65536) ? NodeSshPort ?? 22 : throw new RemoteJupyterException(
            ErrorCode.InvalidArgument, $"nodeSshPort must be a TCP port (1–65535), not {NodeSshPort}."),
    };
}

/// <summary>
/// Result of <c>slurm/start</c> and <c>slurm/attach</c>: the local URL and token (a secret) like servers/start, plus the job: its id,
/// node, how Jupyter is bound there (loopback or node-address), the walltime left when it was read and the limit (absent: unlimited),
/// its partition, and how the tunnel reached Jupyter (direct, jump or node-address; node-address after a refused jump is the fallback).
/// </summary>
public sealed record SlurmStartResult(
    string ServerId, string Url, int LocalPort, string Token, string JobId, string JobState, string Node, string Binding, bool Reused = false,
    long? TimeLeftSeconds = null, string? Partition = null, long? TimeLimitSeconds = null, string? Access = null)
{
    internal static SlurmStartResult From(SlurmServer server) => new(
        server.Id, server.LocalUrl.ToString(), server.Tunnel.LocalPort, server.Token.Value, server.Status.JobId, server.Status.State, server.Endpoint.Node,
        server.Endpoint.Mode, server.Reattached, server.Status.TimeLeftSeconds, server.Status.Partition, server.Status.TimeLimitSeconds, server.Access);
}

/// <summary>
/// One entry of <c>slurm/jobs</c>: Reason while pending (Priority, Resources, …) or after the end (TimeLimit, …), Node while running,
/// the partition and the walltime asked for (absent: unlimited).
/// </summary>
public sealed record SlurmJobInfo(
    string ServerId, string JobId, string JobState, string? Reason = null, string? Node = null, long? TimeLeftSeconds = null, string? Partition = null,
    long? TimeLimitSeconds = null)
{
    internal static SlurmJobInfo From(SlurmJob job) =>
        new(job.Id, job.Status.JobId, job.Status.State, job.Status.Reason, job.Status.Node, job.Status.TimeLeftSeconds, job.Status.Partition, job.Status.TimeLimitSeconds);
}
