namespace RemoteJupyter.Core.Environments;

/// <summary>A kernelspec installed on the host (a folder with a <c>kernel.json</c>).</summary>
/// <param name="Name">The folder name, which is the kernel name (<c>[a-zA-Z0-9._-]</c>).</param>
/// <param name="DisplayName">What Jupyter shows; any text.</param>
/// <param name="Directory">The kernelspec folder.</param>
/// <param name="Python">
/// <c>argv[0]</c> of its <c>kernel.json</c> when that is an absolute path (what runs the kernel), else null
/// (e.g. a bare <c>python3</c> resolved on PATH at launch).
/// </param>
/// <param name="Language">The kernel's language, e.g. <c>python</c>.</param>
public sealed record RegisteredKernel(string Name, string DisplayName, string Directory, string? Python, string? Language);
