using RemoteJupyter.Core.Containers;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Slurm;
using RemoteJupyter.Sidecar.Hosting;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>Everything <c>connect</c> was asked to do, parsed once from the command line.</summary>
internal sealed record ConnectOptions(
    string Host,
    string? ConfigFile,
    string? Venv,
    bool SystemSitePackages,
    string? Python,
    string? WorkingDirectory,
    int? RemotePort,
    int LocalPort,
    bool ShowToken,
    bool StopOnExit,
    string? StateDir,
    bool AcceptNewHostKey,
    bool Quiet,
    LoggingOptions Logging)
{
    /// <summary><c>--env PATH</c>: an existing environment to serve from, or to run the kernels of.</summary>
    public string? Environment { get; init; }

    /// <summary>False with <c>--new</c> (or <c>--new-job</c>): start another server (submit another job) even if one runs for this environment and folder (of ours on a Slurm host).</summary>
    public bool Reuse { get; init; } = true;

    /// <summary><c>--image</c> or <c>--dockerfile</c> (with <c>--engine</c>, <c>--cpus</c>, <c>--gpus</c>): run Jupyter in a container.</summary>
    public ContainerRequest? Container { get; init; }

    /// <summary><c>--slurm</c> (with <c>--partition</c>, <c>--time</c>, <c>--cpus</c>, <c>--mem</c>, <c>--gres</c>, <c>--account</c>, <c>--sbatch-arg</c>): run Jupyter in a Slurm job.</summary>
    public SlurmRequest? Slurm { get; init; }

    /// <summary>Persistence, resource limits, idle shutdown and extra server arguments.</summary>
    public ServerSettings? Settings { get; init; }
}
