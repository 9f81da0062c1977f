using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.Core.Slurm;

/// <summary>What one <see cref="SlurmJobProbe"/> found.</summary>
/// <param name="Status">The job's state.</param>
/// <param name="Endpoint">Where Jupyter listens, once the job has written it.</param>
/// <param name="LastLogLines">The end of the job's log, when it is neither pending nor running.</param>
/// <param name="Token">Jupyter's token from its runtime file, when asked for (a reattach).</param>
public sealed record SlurmJobSnapshot(SlurmJobStatus Status, SlurmEndpoint? Endpoint, IReadOnlyList<string> LastLogLines, JupyterToken? Token)
{
    /// <summary>The login node's hostname (where the tunnel's far end is).</summary>
    public string? LoginHost { get; init; }

    /// <summary>How the job was submitted to be reached (its folder's <c>access</c> file), for a reattach.</summary>
    public SlurmNodeAccess NodeAccess { get; init; }

    /// <summary>The nodes' sshd port the job was submitted with, for a reattach's jump.</summary>
    public int NodeSshPort { get; init; } = 22;
}
