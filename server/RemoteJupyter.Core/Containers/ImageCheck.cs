namespace RemoteJupyter.Core.Containers;

/// <summary>What an image holds for Jupyter, found by running its <c>python3</c> once.</summary>
/// <param name="Image">The image checked.</param>
/// <param name="PythonVersion">Its python3's version; null when it has none.</param>
/// <param name="JupyterServerVersion">jupyter_server's version; null when it cannot be imported.</param>
/// <param name="IpykernelVersion">ipykernel's version; null when it cannot be imported.</param>
public sealed record ImageCheck(string Image, string? PythonVersion, string? JupyterServerVersion, string? IpykernelVersion)
{
    /// <summary>True when Jupyter can run in it: python3 with jupyter_server and ipykernel.</summary>
    public bool HasJupyter => PythonVersion is not null && JupyterServerVersion is not null && IpykernelVersion is not null;

    /// <summary>What is missing and exactly what to add to the Dockerfile; null when nothing is.</summary>
    public string? Advice
    {
        get
        {
            if (HasJupyter)
            {
                return null;
            }

            if (PythonVersion is null)
            {
                return $"The image {Image} has no python3, so Jupyter cannot run in it. Add to its Dockerfile " +
                    "(Debian/Ubuntu base): RUN apt-get update && apt-get install -y python3 python3-jupyter-server python3-ipykernel — " +
                    "or build FROM a python image and add: RUN pip install jupyter_server ipykernel";
            }

            var missing = string.Join(" and ", new[] { JupyterServerVersion is null ? "jupyter_server" : null, IpykernelVersion is null ? "ipykernel" : null }.OfType<string>());
            var debian = string.Join(' ', new[] { JupyterServerVersion is null ? "python3-jupyter-server" : null, IpykernelVersion is null ? "python3-ipykernel" : null }.OfType<string>());
            var pip = string.Join(' ', new[] { JupyterServerVersion is null ? "jupyter_server" : null, IpykernelVersion is null ? "ipykernel" : null }.OfType<string>());
            return $"The image {Image} has Python {PythonVersion} but not {missing}. Add to its Dockerfile: RUN pip install {pip} " +
                $"(or, on a Debian/Ubuntu base without pip: RUN apt-get update && apt-get install -y {debian})";
        }
    }
}
