namespace RemoteJupyter.Core.Slurm;

/// <summary>One partition as <c>sinfo</c> reports it.</summary>
/// <param name="Name">Its name (without sinfo's <c>*</c>).</param>
/// <param name="IsDefault">The partition jobs go to when none is named.</param>
/// <param name="Up">Whether it accepts and runs jobs.</param>
/// <param name="TimeLimitSeconds">The longest walltime a job may ask for; null when unlimited.</param>
/// <param name="Nodes">How many nodes it has.</param>
/// <param name="CpusPerNode">CPUs per node (sinfo's <c>%c</c>, e.g. <c>2</c> or <c>32+</c>).</param>
/// <param name="MemoryMbPerNode">Memory per node in MB (sinfo's <c>%m</c>).</param>
/// <param name="Gres">Generic resources such as <c>gpu:a100:4</c>; null when none.</param>
/// <param name="IdleNodes">Nodes with nothing running: a job that fits starts at once.</param>
public sealed record SlurmPartition(
    string Name, bool IsDefault, bool Up, long? TimeLimitSeconds, int Nodes, string CpusPerNode, string MemoryMbPerNode, string? Gres, int IdleNodes);
