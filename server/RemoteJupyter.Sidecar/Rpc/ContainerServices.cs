using RemoteJupyter.Core.Containers;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>The Core services behind the containers/* methods, injected as one.</summary>
internal sealed record ContainerServices(ContainerEngineDetector Detector, ImageChecker Checker, ImageBuilder Builder);
