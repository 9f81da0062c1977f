namespace RemoteJupyter.Core.Environments;

/// <summary>A Python on the remote that was verified to import jupyter_server and ipykernel.</summary>
/// <param name="PythonPath">The interpreter to start Jupyter with.</param>
/// <param name="Version">Python version, e.g. 3.11.2.</param>
/// <param name="VenvPath">The venv, when one was used.</param>
/// <param name="CreatedVenv">True when this call created the venv.</param>
/// <param name="JupyterServerVersion">jupyter_server.__version__.</param>
/// <param name="HasJupyterLab">JupyterLab is importable: launch <c>jupyter lab</c> rather than the bare server.</param>
/// <param name="Candidates">Every interpreter discovery looked at (empty when none was needed).</param>
public sealed record PythonEnvironment(
    string PythonPath,
    string Version,
    string? VenvPath,
    bool CreatedVenv,
    string JupyterServerVersion,
    bool HasJupyterLab,
    IReadOnlyList<PythonCandidate> Candidates)
{
    /// <summary>
    /// The environment that runs the kernels when it differs from <see cref="PythonPath"/> (it has ipykernel but no
    /// jupyter_server, so another Python serves); null when the server's own Python runs them.
    /// </summary>
    public string? KernelPythonPath { get; init; }
}
