namespace RemoteJupyter.Core.Environments;

/// <summary>What one interpreter said about itself (<see cref="DiscoveryPython.Probe"/>).</summary>
/// <param name="Hint">Where the script found it: path, venv, root, conda or pyenv.</param>
/// <param name="Prefix">The environment folder it was found as; empty for a bare interpreter.</param>
/// <param name="Python">The path the script ran.</param>
/// <param name="Executable">sys.executable: may name python3 where <paramref name="Python"/> says python.</param>
/// <param name="Version">The interpreter's version, e.g. 3.12.6.</param>
/// <param name="Ipykernel">ipykernel is importable.</param>
/// <param name="JupyterServer">jupyter_server is importable.</param>
/// <param name="CondaMeta">The prefix holds conda-meta/: a conda environment.</param>
/// <param name="CondaRoot">The prefix holds condabin/ or envs/: a conda install root.</param>
/// <param name="PyvenvCfg">The prefix's pyvenv.cfg, when it has one.</param>
internal sealed record ProbeRecord(
    string Hint,
    string Prefix,
    string Python,
    string? Executable,
    string Version,
    bool Ipykernel,
    bool JupyterServer,
    bool CondaMeta,
    bool CondaRoot,
    string? PyvenvCfg)
{
    /// <summary>
    /// The environment, its kind read from the prefix: conda-meta/ wins (pyenv can install miniconda), then
    /// pyvenv.cfg (pyenv-virtualenv makes venvs under versions/), then pyenv's versions folder; an environment
    /// folder with none of these is a virtualenv older than 20.0, which wrote no pyvenv.cfg.
    /// </summary>
    public DiscoveredEnvironment ToEnvironment()
    {
        var config = PyvenvCfg is null ? null : PyvenvConfig.Parse(PyvenvCfg);
        var kind = CondaMeta ? EnvironmentKind.Conda
            : config is not null ? config.Kind
            : Hint == "pyenv" ? EnvironmentKind.Pyenv
            : Prefix.Length > 0 ? EnvironmentKind.Virtualenv
            : EnvironmentKind.System;
        return new DiscoveredEnvironment(kind, Prefix.Length > 0 ? Prefix : Python, Python, Version, Ipykernel, JupyterServer, KernelName: null)
        {
            Name = kind == EnvironmentKind.Conda ? CondaName(Prefix, CondaRoot) : null,
            SystemSitePackages = config?.SystemSitePackages ?? false,
        };
    }

    /// <summary>
    /// Named the way <c>conda env list</c> names it: an env after its folder under an envs/ directory, the install
    /// root (it has condabin/ or envs/) <c>base</c>, and one anywhere else not at all.
    /// </summary>
    internal static string? CondaName(string prefix, bool isRoot)
    {
        var trimmed = prefix.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        var parent = slash > 0 ? trimmed[..slash] : string.Empty;
        return parent.EndsWith("/envs", StringComparison.Ordinal) ? trimmed[(slash + 1)..]
            : isRoot ? "base"
            : null;
    }
}
