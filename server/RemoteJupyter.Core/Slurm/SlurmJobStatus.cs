namespace RemoteJupyter.Core.Slurm;

/// <summary>Where a job stands, from <c>squeue</c> (while queued or running) or <c>scontrol show job</c> (after).</summary>
/// <param name="JobId">Slurm's job id.</param>
/// <param name="State">PENDING, RUNNING, COMPLETING, TIMEOUT, CANCELLED, FAILED, NODE_FAIL, PREEMPTED, OUT_OF_MEMORY, …</param>
/// <param name="Reason">Slurm's reason (Priority, Resources, TimeLimit, …); null for None.</param>
/// <param name="Node">The node it runs on; null while pending.</param>
/// <param name="TimeLeftSeconds">Walltime left; null when unlimited or unknown.</param>
public sealed record SlurmJobStatus(string JobId, string State, string? Reason, string? Node, long? TimeLeftSeconds)
{
    /// <summary>The partition it was submitted to; null when Slurm did not say.</summary>
    public string? Partition { get; init; }

    /// <summary>The walltime it asked for (or got); null when unlimited or unknown.</summary>
    public long? TimeLimitSeconds { get; init; }

    /// <summary>Slurm's comment on the job: where a job on a host without a shared home leaves its endpoint.</summary>
    public string? Comment { get; init; }

    /// <summary>Queued: waiting for resources or priority.</summary>
    public bool IsPending => State is "PENDING" or "CONFIGURING" or "REQUEUED" or "RESIZING" or "SUSPENDED";

    /// <summary>Running on <see cref="Node"/>.</summary>
    public bool IsRunning => State is "RUNNING";

    /// <summary>Over: it will not run (again) by itself.</summary>
    public bool HasEnded => !IsPending && !IsRunning;
}
