namespace RemoteJupyter.Core.Containers;

/// <summary>The engines on a host and, for the usable ones, their local images: one remote round trip.</summary>
/// <param name="Engines">Every engine found, usable or not.</param>
/// <param name="Images">The images of the usable engines (the podman-docker shim's images are podman's, listed once).</param>
public sealed record ContainerInventory(IReadOnlyList<ContainerEngine> Engines, IReadOnlyList<ContainerImage> Images)
{
    /// <summary>The engine to use: <paramref name="preferred"/> when given, else the first usable one (podman before docker).</summary>
    public ContainerEngine? Choose(string? preferred) =>
        preferred is { Length: > 0 }
            ? Engines.FirstOrDefault(e => e.Command == preferred)
            : Engines.FirstOrDefault(e => e.Usable && !e.IsPodmanShim) ?? Engines.FirstOrDefault(e => e.Usable);
}
