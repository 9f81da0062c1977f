namespace RemoteJupyter.Core.Containers;

/// <summary>Which container engine runs the containers (the podman-docker shim is podman).</summary>
public enum ContainerEngineKind
{
    /// <summary>Podman, rootless or not.</summary>
    Podman,

    /// <summary>Docker, through its daemon's socket.</summary>
    Docker,
}
