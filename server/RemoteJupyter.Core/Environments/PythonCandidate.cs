namespace RemoteJupyter.Core.Environments;

/// <summary>One interpreter found on the remote, with what it can import.</summary>
public sealed record PythonCandidate(
    string Path,
    string Executable,
    string Version,
    bool HasVenv,
    bool HasJupyterServer,
    bool HasIpykernel,
    bool HasJupyterLab,
    bool IsVenv = false)
{
    /// <summary>True when it can run a Jupyter server with a Python kernel.</summary>
    public bool CanServe => HasJupyterServer && HasIpykernel;

    internal static PythonCandidate? Parse(string[] fields)
    {
        // python <path> <executable> <version> <venv> <jupyter_server> <ipykernel> <jupyterlab>
        if (fields.Length < 8)
        {
            return null;
        }

        return new PythonCandidate(
            fields[1], fields[2], fields[3], fields[4] == "1", fields[5] == "1", fields[6] == "1", fields[7] == "1", fields.Length > 8 && fields[8] == "1");
    }
}
