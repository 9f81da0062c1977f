namespace RemoteJupyter.Core.Kernels;

/// <summary>A kernelspec registered for an environment, read back from its kernel.json.</summary>
/// <param name="Name">The kernel name (its folder).</param>
/// <param name="DisplayName">What Jupyter shows.</param>
/// <param name="Directory">The kernelspec folder on the host.</param>
/// <param name="Python">argv[0] of kernel.json after the check: the environment's interpreter.</param>
/// <param name="Repaired">
/// kernel.json named another interpreter (ipykernel writes <c>sys.executable</c>, which is not always the
/// environment's own path) and was rewritten to name <paramref name="Python"/>.
/// </param>
public sealed record KernelRegistration(string Name, string DisplayName, string Directory, string Python, bool Repaired);
