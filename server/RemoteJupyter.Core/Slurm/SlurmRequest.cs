namespace RemoteJupyter.Core.Slurm;

/// <summary>What to ask Slurm for, and what the job runs. Null means Slurm's (or the site's) default.</summary>
/// <param name="Partition">sbatch <c>--partition</c>.</param>
/// <param name="Time">sbatch <c>--time</c> (<c>2:00:00</c>, <c>30</c>, <c>1-00:00:00</c>).</param>
/// <param name="Cpus">sbatch <c>--cpus-per-task</c>.</param>
/// <param name="Memory">sbatch <c>--mem</c> (<c>16G</c>).</param>
/// <param name="Gres">sbatch <c>--gres</c> (<c>gpu:1</c>).</param>
/// <param name="Account">sbatch <c>--account</c>.</param>
/// <param name="ExtraArgs">More sbatch options, one argument each (each is quoted: never shell code).</param>
public sealed record SlurmRequest(
    string? Partition = null,
    string? Time = null,
    int? Cpus = null,
    string? Memory = null,
    string? Gres = null,
    string? Account = null,
    IReadOnlyList<string>? ExtraArgs = null)
{
    /// <summary>The interpreter on the node that has jupyter_server; <c>python3</c> from the job's PATH by default.</summary>
    public string Python { get; init; } = "python3";

    /// <summary>A venv to activate on the node before starting Jupyter.</summary>
    public string? VenvPath { get; init; }

    /// <summary>Modules to <c>module load</c> on the node, in order.</summary>
    public IReadOnlyList<string> Modules { get; init; } = [];

    /// <summary>The server's root folder (also the job's working directory); null is the home.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>A conda environment to activate on the node before starting Jupyter (after the modules, instead of a venv).</summary>
    public string? CondaPrefix { get; init; }

    /// <summary>How the node's Jupyter is reached.</summary>
    public SlurmNodeAccess NodeAccess { get; init; } = SlurmNodeAccess.Auto;

    /// <summary>The port of the nodes' sshd, for a jump.</summary>
    public int NodeSshPort { get; init; } = 22;

    /// <summary>Where Jupyter listens on the node: its address only when asked for; otherwise its loopback.</summary>
    public SlurmBinding Binding => NodeAccess == SlurmNodeAccess.NodeAddress ? SlurmBinding.NodeAddress : SlurmBinding.Loopback;

    /// <summary>The sbatch options this request asks for (without the ones the product always sets).</summary>
    public IReadOnlyList<string> SbatchArguments()
    {
        var arguments = new List<string>();
        Add(arguments, "--partition", Partition);
        Add(arguments, "--time", Time);
        Add(arguments, "--cpus-per-task", Cpus?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(arguments, "--mem", Memory);
        Add(arguments, "--gres", Gres);
        Add(arguments, "--account", Account);
        arguments.AddRange(ExtraArgs ?? []);
        return arguments;
    }

    private static void Add(List<string> arguments, string option, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            arguments.Add(option + "=" + value.Trim());
        }
    }
}
