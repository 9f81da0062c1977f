namespace RemoteJupyter.Core.Environments.Creation;

/// <summary>What environment to make on the host, and what to put in it.</summary>
/// <param name="Kind">Venv, Conda or Uv (the kinds we can make).</param>
/// <param name="Path">
/// Where: an absolute or <c>~/</c> path. For conda a bare name (no '/') means <c>-n NAME</c> in the tool's
/// own envs folder.
/// </param>
public sealed record EnvironmentCreateRequest(EnvironmentKind Kind, string Path)
{
    /// <summary>venv/uv: see the system's packages (Debian's Jupyter, for one) too.</summary>
    public bool SystemSitePackages { get; init; }

    /// <summary>Contents of a requirements.txt to install with pip (uv: <c>uv pip</c>) after creating.</summary>
    public string? Requirements { get; init; }

    /// <summary>Packages to install (requirement specifiers such as <c>numpy</c> or <c>pandas&gt;=2.2</c>).</summary>
    public IReadOnlyList<string> Packages { get; init; } = [];

    /// <summary>conda: contents of an environment.yml to create from (then Packages and PythonVersion are not used).</summary>
    public string? EnvironmentFile { get; init; }

    /// <summary>conda/uv: the Python version to ask for, e.g. <c>3.11</c>; null for the tool's default.</summary>
    public string? PythonVersion { get; init; }

    /// <summary>venv: the interpreter to create it with; null picks the first python3 that has the venv module.</summary>
    public string? BasePython { get; init; }

    /// <summary>conda/mamba/micromamba or uv executable when it is not on the login PATH.</summary>
    public string? Tool { get; init; }

    /// <summary>Register the new environment as this kernel (installing ipykernel into it if it lacks it).</summary>
    public string? KernelName { get; init; }

    /// <summary>The kernel's display name; defaults to the kernel name.</summary>
    public string? KernelDisplayName { get; init; }
}
