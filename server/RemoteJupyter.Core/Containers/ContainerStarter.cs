using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sessions;

namespace RemoteJupyter.Core.Containers;

/// <summary>
/// The container half of a start, after the claim found no running server: choose the engine, build the image when
/// asked (its log streamed as progress), check it has Jupyter (saying what to add to the Dockerfile when not), and run it.
/// </summary>
public sealed class ContainerStarter
{
    private readonly ContainerEngineDetector detector;
    private readonly ImageChecker checker;
    private readonly ImageBuilder builder;
    private readonly ContainerLauncher launcher;

    /// <summary>Creates the starter.</summary>
    public ContainerStarter(ContainerEngineDetector detector, ImageChecker checker, ImageBuilder builder, ContainerLauncher launcher)
    {
        this.detector = detector;
        this.checker = checker;
        this.builder = builder;
        this.launcher = launcher;
    }

    /// <summary>Chooses the engine, builds the image when asked, and checks that it has Jupyter.</summary>
    public async Task<(ContainerEngine Engine, string Image, ImageCheck Check)> PrepareAsync(
        RemoteShell shell, ContainerRequest request, IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        progress?.Report(new SessionProgress(SessionStage.PreparingEnvironment, StageState.Starting, "Looking for a container engine…"));
        var engine = await detector.ChooseAsync(shell, request.Engine, cancellationToken);
        var image = request.Image;
        if (request.DockerfileDirectory is { } folder)
        {
            progress?.Report(new SessionProgress(SessionStage.PreparingEnvironment, StageState.Starting, $"Building {folder} with {engine.Command}…"));
            var lines = progress is null ? null : new SynchronousProgress<string>(line =>
                progress.Report(new SessionProgress(SessionStage.PreparingEnvironment, StageState.Output, line)));
            image = await builder.BuildAsync(shell, engine, folder, tag: null, lines, cancellationToken);
        }

        if (string.IsNullOrEmpty(image))
        {
            throw new RemoteJupyterException(ErrorCode.InvalidArgument, "A container environment needs an image name or a Dockerfile folder.");
        }

        var check = await checker.CheckAsync(shell, engine, image, cancellationToken);
        if (!check.HasJupyter)
        {
            throw new RemoteJupyterException(ErrorCode.ImageWithoutJupyter, check.Advice!);
        }

        progress?.Report(new SessionProgress(SessionStage.PreparingEnvironment, StageState.Completed,
            $"Using {image} with {engine.Command} {engine.Version}{(engine.Rootless ? " (rootless)" : string.Empty)}: Python {check.PythonVersion}, jupyter_server {check.JupyterServerVersion}"));
        return (engine, image, check);
    }

    /// <summary>Starts Jupyter with <paramref name="token"/> in a container of a prepared image.</summary>
    public async Task<RemoteServer> LaunchAsync(
        RemoteShell shell, ContainerEngine engine, string image, ContainerRequest request, LaunchRequest launch, ServerLayout layout, JupyterToken token,
        IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new SessionProgress(SessionStage.StartingServer, StageState.Starting, $"Starting Jupyter in a container of {image}…"));
        var server = await launcher.StartAsync(shell, layout, engine, image, request, launch, token, cancellationToken);
        progress?.Report(new SessionProgress(SessionStage.StartingServer, StageState.Completed, $"Jupyter running in container {server.Container} (remote port {server.Port})"));
        return server;
    }

    /// <summary>The Python a container server runs on, for results and reattach.</summary>
    public static PythonEnvironment Environment(RemoteServer server, string? pythonVersion = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new PythonEnvironment(server.Python, pythonVersion ?? string.Empty, null, false, string.Empty, false, []);
    }
}
