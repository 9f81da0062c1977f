namespace RemoteJupyter.Core.Containers;

/// <summary>A container environment: an image, or a Dockerfile folder on the host to build one from.</summary>
/// <param name="Image">The image to run (a name or id); null with <paramref name="DockerfileDirectory"/>.</param>
/// <param name="DockerfileDirectory">A folder on the host holding a Dockerfile: built (<c>build -t</c>) before the run.</param>
/// <param name="Engine">podman or docker; null picks the first usable one (podman first).</param>
public sealed record ContainerRequest(string? Image = null, string? DockerfileDirectory = null, string? Engine = null)
{
    /// <summary>How Jupyter in the container is reached on the host's loopback (default: the host's network).</summary>
    public ContainerNetwork Network { get; init; } = ContainerNetwork.Host;

    /// <summary>Pass the host's GPUs in (<c>--gpus all</c> for docker, <c>--device nvidia.com/gpu=all</c> for podman with CDI).</summary>
    public bool Gpus { get; init; }

    /// <summary>The CPU cap (<c>--cpus</c>); null is no cap.</summary>
    public double? Cpus { get; init; }
}
