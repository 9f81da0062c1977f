namespace RemoteJupyter.Core.Environments;

/// <summary>Which Python the server should run on.</summary>
/// <param name="VenvPath">A venv to use, created if missing (<c>~/</c> allowed). Null: use a discovered Python.</param>
/// <param name="SystemSitePackages">Create the venv with <c>--system-site-packages</c>, so it sees the system's Jupyter.</param>
/// <param name="PythonPath">An explicit interpreter; skips discovery.</param>
/// <param name="SearchPath">Colon-separated directories to look for <c>python3</c> in; null means the remote
/// <c>$PATH</c> plus well-known prefixes.</param>
/// <param name="EnvironmentPath">
/// An existing environment (venv, conda, uv prefix): the server runs from it when it has jupyter_server; when it
/// only has ipykernel, a discovered Python serves and the environment runs the kernels.
/// </param>
public sealed record EnvironmentRequest(
    string? VenvPath = null,
    bool SystemSitePackages = true,
    string? PythonPath = null,
    string? SearchPath = null,
    string? EnvironmentPath = null);
