namespace RemoteJupyter.Core.Environments;

/// <summary>A Python environment found on the host, with what it can import and its registered kernel.</summary>
/// <param name="Kind">How it was made.</param>
/// <param name="Path">Its prefix: the venv or conda env folder; for a system Python, the interpreter's own path.</param>
/// <param name="Python">The interpreter, e.g. <c>/home/me/venvs/torch/bin/python</c>.</param>
/// <param name="PythonVersion">For example <c>3.11.2</c>.</param>
/// <param name="HasIpykernel">ipykernel is importable: it can run a kernel.</param>
/// <param name="HasJupyterServer">jupyter_server is importable: it can run the server itself.</param>
/// <param name="KernelName">The registered kernelspec whose <c>argv[0]</c> is this interpreter, if any.</param>
public sealed record DiscoveredEnvironment(
    EnvironmentKind Kind,
    string Path,
    string Python,
    string PythonVersion,
    bool HasIpykernel,
    bool HasJupyterServer,
    string? KernelName)
{
    /// <summary>A conda env's name (<c>base</c>, <c>torch</c>), else null.</summary>
    public string? Name { get; init; }

    /// <summary>A venv made with <c>--system-site-packages</c> (<c>include-system-site-packages = true</c>).</summary>
    public bool SystemSitePackages { get; init; }

    /// <summary>It can run a Jupyter server with a Python kernel.</summary>
    public bool CanServe => HasJupyterServer && HasIpykernel;
}
