using RemoteJupyter.Core.Containers;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.Core.Sessions;

/// <summary>Everything about starting one server that the person may choose.</summary>
/// <param name="Environment">Which Python to run on.</param>
/// <param name="Layout">Where state lives on the remote.</param>
/// <param name="WorkingDirectory">Server root folder; null is the remote home.</param>
/// <param name="RemotePort">Fixed remote port; null picks a free one on the remote.</param>
/// <param name="LocalPort">Local tunnel port; 0 picks a free one.</param>
/// <param name="StartTimeout">How long Jupyter may take to answer.</param>
/// <param name="Settings">Extra arguments, idle shutdown and resource limits.</param>
/// <param name="Throwaway">Keep everything the server writes inside its own folder (the demo).</param>
/// <param name="Reuse">Reattach to a running server for the same environment and folder instead of starting another.</param>
public sealed record ServerStartOptions(
    EnvironmentRequest Environment,
    ServerLayout Layout,
    string? WorkingDirectory = null,
    int? RemotePort = null,
    int LocalPort = 0,
    TimeSpan? StartTimeout = null,
    bool Throwaway = false,
    ServerSettings? Settings = null,
    bool Reuse = true)
{
    /// <summary>Run Jupyter in a container of this image (or of one built from a Dockerfile) instead of <see cref="Environment"/>.</summary>
    public ContainerRequest? Container { get; init; }
}
