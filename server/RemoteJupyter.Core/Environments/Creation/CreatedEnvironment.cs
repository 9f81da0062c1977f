using RemoteJupyter.Core.Kernels;

namespace RemoteJupyter.Core.Environments.Creation;

/// <summary>An environment made by <see cref="EnvironmentCreator"/>.</summary>
/// <param name="Kind">What was made.</param>
/// <param name="Path">Its prefix on the host.</param>
/// <param name="Python">Its interpreter.</param>
/// <param name="PythonVersion">For example 3.11.2.</param>
/// <param name="Kernel">The kernel registered for it, when one was asked for.</param>
public sealed record CreatedEnvironment(EnvironmentKind Kind, string Path, string Python, string PythonVersion, KernelRegistration? Kernel);
