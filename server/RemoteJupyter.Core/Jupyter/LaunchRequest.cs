namespace RemoteJupyter.Core.Jupyter;

/// <summary>How to start a Jupyter server.</summary>
/// <param name="PythonPath">Interpreter that imports jupyter_server and ipykernel.</param>
/// <param name="UseJupyterLab">Start <c>jupyterlab</c> rather than the bare server.</param>
/// <param name="WorkingDirectory">The server's root folder; null means the remote home.</param>
/// <param name="RemotePort">A fixed port on the remote; null chooses a free one there.</param>
/// <param name="EnvironmentPath">The venv, recorded in state for later reattach.</param>
/// <param name="StartTimeout">How long to wait for /api/status.</param>
/// <param name="PrivateIPythonDir">Give kernels an IPython dir inside the server's folder, so a throwaway
/// server leaves no history or profile in the person's home.</param>
/// <param name="Settings">Extra arguments, idle shutdown and resource limits.</param>
/// <param name="KernelPythonPath">The interpreter the server's python3 kernel runs, when not <paramref name="PythonPath"/>.</param>
/// <param name="LockPath">The start lock this client holds (from <see cref="ServerClaimer"/>): its key is recorded
/// in the new server's folder, so later connects find it, and the script removes the lock when done.</param>
public sealed record LaunchRequest(
    string PythonPath,
    bool UseJupyterLab = false,
    string? WorkingDirectory = null,
    int? RemotePort = null,
    string? EnvironmentPath = null,
    TimeSpan? StartTimeout = null,
    bool PrivateIPythonDir = false,
    ServerSettings? Settings = null,
    string? KernelPythonPath = null,
    string? LockPath = null);
