namespace RemoteJupyter.Core.Slurm;

/// <summary>A Jupyter job the product submitted on a host, as <see cref="SlurmJobs.ListAsync"/> finds it.</summary>
/// <param name="Id">The product's id (its folder under <c>~/.remote-jupyter/jobs/</c>).</param>
/// <param name="Status">Slurm's view: state, reason, node, walltime left.</param>
/// <param name="Endpoint">Where Jupyter listens, once the job wrote it.</param>
public sealed record SlurmJob(string Id, SlurmJobStatus Status, SlurmEndpoint? Endpoint);
