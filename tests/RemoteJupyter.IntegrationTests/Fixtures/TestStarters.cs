using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Containers;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Sessions;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>The Core services a connect uses, wired as the sidecar's container wires them, logging to the test.</summary>
public static class TestStarters
{
    public static ServerStopper Stopper(ILoggerFactory factory) => new(factory.CreateLogger<ServerStopper>());

    public static ServerStarter Starter(ILoggerFactory factory)
    {
        var stopper = Stopper(factory);
        return new ServerStarter(
            new EnvironmentPreparer(factory.CreateLogger<EnvironmentPreparer>()),
            new JupyterLauncher(factory.CreateLogger<JupyterLauncher>(), stopper),
            stopper,
            new ServerClaimer(factory.CreateLogger<ServerClaimer>()),
            factory,
            Containers(factory, stopper));
    }

    public static ContainerStarter Containers(ILoggerFactory factory, ServerStopper stopper) => new(
        new ContainerEngineDetector(factory.CreateLogger<ContainerEngineDetector>()),
        new ImageChecker(factory.CreateLogger<ImageChecker>()),
        new ImageBuilder(factory.CreateLogger<ImageBuilder>()),
        new ContainerLauncher(factory.CreateLogger<ContainerLauncher>(), stopper));
}
