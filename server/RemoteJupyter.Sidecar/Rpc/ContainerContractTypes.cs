using RemoteJupyter.Core.Containers;

namespace RemoteJupyter.Sidecar.Rpc;

// The containers/* data shapes. camelCase on the wire; null members are omitted.

/// <summary>
/// A container engine on the host. Command: podman or docker (the command on the host); Kind: podman or docker (what
/// runs: the podman-docker shim is podman). Problem says, when not Usable, what the person can do about it.
/// </summary>
public sealed record ContainerEngineInfo(string Command, string Kind, string Path, string Version, bool Rootless, bool Usable, string? Problem = null)
{
    internal static ContainerEngineInfo From(ContainerEngine engine) => new(
        engine.Command, JsonNaming.Camel(engine.Kind.ToString()), engine.Path, engine.Version, engine.Rootless, engine.Usable, engine.Problem);
}

/// <summary>
/// A local image, as a container environment (kind "container"). Size is as a person writes it ("331.6 MB");
/// HasJupyter is set once the image was checked (<c>containers/check</c>), absent before.
/// </summary>
public sealed record ContainerImageInfo(string Kind, string Engine, string Name, string Id, string Size, long? SizeBytes = null, DateTimeOffset? Created = null, bool? HasJupyter = null)
{
    internal static ContainerImageInfo From(ContainerImage image) =>
        new("container", image.Engine, image.Name, image.Id, image.Size, image.SizeBytes, image.Created);
}

/// <summary>Result of <c>containers/list</c>: every engine found and the usable ones' local images, in one round trip.</summary>
public sealed record ContainerList(IReadOnlyList<ContainerEngineInfo> Engines, IReadOnlyList<ContainerImageInfo> Images);

/// <summary>
/// Result of <c>containers/check</c>: the image's python3, jupyter_server and ipykernel versions (absent when missing);
/// Advice says exactly what to add to the Dockerfile when HasJupyter is false.
/// </summary>
public sealed record ImageCheckInfo(
    string Engine, string Image, bool HasJupyter, string? PythonVersion = null, string? JupyterServerVersion = null, string? IpykernelVersion = null, string? Advice = null);

/// <summary>Result of <c>containers/build</c>: the image built, by the tag it got.</summary>
public sealed record BuiltImageInfo(string Engine, string Image);
