namespace RemoteJupyter.Core.Environments;

/// <summary>One kernel.json as the discovery script read it (<see cref="DiscoveryPython.Kernels"/>).</summary>
/// <param name="Name">The kernelspec folder's name.</param>
/// <param name="DisplayName">Its display_name.</param>
/// <param name="Dir">The kernelspec folder.</param>
/// <param name="Language">Its language.</param>
/// <param name="Argv0">The program that runs the kernel, as written: absolute, or a bare name looked up on PATH.</param>
internal sealed record KernelRecord(string Name, string? DisplayName, string Dir, string? Argv0, string? Language)
{
    public RegisteredKernel ToRegistered() =>
        new(Name, DisplayName ?? Name, Dir, Argv0 is not null && Argv0.StartsWith('/') ? Argv0 : null, Language);
}
