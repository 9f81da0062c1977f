namespace RemoteJupyter.Core.Containers;

/// <summary>A container engine found on the host.</summary>
/// <param name="Command">The command that runs it on the host: <c>podman</c> or <c>docker</c> (which may be the podman-docker shim).</param>
/// <param name="Kind">What actually runs: <see cref="ContainerEngineKind.Podman"/> for the shim too.</param>
/// <param name="Path">Where the command lives on the host.</param>
/// <param name="Version">The engine's version ("4.3.1"); empty when it did not say.</param>
/// <param name="Rootless">True when containers run under the person's own user (rootless podman or rootless Docker).</param>
/// <param name="Usable">True when the person may run containers with it.</param>
/// <param name="Problem">Why it is not usable, as something a person can act on; null when usable.</param>
public sealed record ContainerEngine(
    string Command, ContainerEngineKind Kind, string Path, string Version, bool Rootless, bool Usable, string? Problem = null)
{
    /// <summary>True for <c>docker</c> that is really podman (the podman-docker package).</summary>
    public bool IsPodmanShim => Command == "docker" && Kind == ContainerEngineKind.Podman;
}
