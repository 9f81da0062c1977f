using RemoteJupyter.Core.Containers;
using RemoteJupyter.Core.Environments;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// What makes two connects "the same server": the environment asked for and the working folder. Paths are
/// resolved on the host (<c>~</c>, symlinks), so <c>~/v</c> and <c>/home/me/v</c> find the same server.
/// </summary>
/// <param name="Kind">env (a venv or environment prefix), python (an interpreter), default (discovery's choice), image
/// (<c>ENGINE:IMAGE</c>, the engine empty when not chosen) or dockerfile (the folder an image is built from).</param>
/// <param name="Path">The prefix or interpreter; empty for default.</param>
/// <param name="WorkingDirectory">The server root; null is the remote home.</param>
public sealed record ServerClaimTarget(string Kind, string Path, string? WorkingDirectory)
{
    /// <summary>The target for an environment request and working folder.</summary>
    public static ServerClaimTarget For(EnvironmentRequest request, string? workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (request.EnvironmentPath ?? request.VenvPath) is { } prefix
            ? new ServerClaimTarget("env", prefix, workingDirectory)
            : request.PythonPath is { } python
                ? new ServerClaimTarget("python", python, workingDirectory)
                : new ServerClaimTarget("default", string.Empty, workingDirectory);
    }

    /// <summary>The target for a container environment and working folder.</summary>
    public static ServerClaimTarget For(ContainerRequest request, string? workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.DockerfileDirectory is { } folder
            ? new ServerClaimTarget("dockerfile", folder, workingDirectory)
            : new ServerClaimTarget("image", (request.Engine ?? string.Empty) + ":" + request.Image, workingDirectory);
    }
}
