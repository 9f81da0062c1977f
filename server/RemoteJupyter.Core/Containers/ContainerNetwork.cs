namespace RemoteJupyter.Core.Containers;

/// <summary>How Jupyter in the container is reached on the host's loopback.</summary>
public enum ContainerNetwork
{
    /// <summary><c>--network=host</c>, Jupyter bound to 127.0.0.1 on a free port: works everywhere, and is the only mode
    /// rootless podman has on hosts without a usable <c>/dev/net/tun</c>.</summary>
    Host,

    /// <summary>A private network with <c>-p 127.0.0.1:PORT:8888</c>, where the engine's networking allows it.</summary>
    Publish,
}
