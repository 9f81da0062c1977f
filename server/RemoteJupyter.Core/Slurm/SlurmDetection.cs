namespace RemoteJupyter.Core.Slurm;

/// <summary>What a host's login environment says about Slurm.</summary>
/// <param name="SinfoPath">Where <c>sinfo</c> is; null when it is not on PATH.</param>
/// <param name="SbatchPath">Where <c>sbatch</c> is; null when it is not on PATH.</param>
/// <param name="SlurmConf">The login environment's <c>SLURM_CONF</c>; null when unset (the clients' built-in path).</param>
/// <param name="Version">What <c>sinfo --version</c> printed, e.g. <c>slurm-wlm 22.05.8</c>.</param>
/// <param name="Partitions">The partitions, default first as sinfo lists them.</param>
/// <param name="Error">What sinfo said when it could not reach the controller.</param>
public sealed record SlurmDetection(
    string? SinfoPath, string? SbatchPath, string? SlurmConf, string? Version, IReadOnlyList<SlurmPartition> Partitions, string? Error)
{
    /// <summary>Jobs can be submitted: both clients are there and the controller answered.</summary>
    public bool Available => SinfoPath is not null && SbatchPath is not null && Error is null;
}
