using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Environments.Creation;
using RemoteJupyter.Core.Kernels;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>The Core services behind the environment and kernel methods, injected as one.</summary>
internal sealed record EnvironmentServices(
    EnvironmentDiscoverer Discoverer, EnvironmentCreator Creator, EnvironmentDeleter Deleter, KernelRegistrar Kernels);
