using RemoteJupyter.Core.Containers;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>containers/*: thin mappings onto Core.</summary>
internal sealed partial class RemoteJupyterService
{
    public async Task<ContainerList> ListContainersAsync(string connectionId, bool includeImages = true, CancellationToken cancellationToken = default)
    {
        var inventory = await containers.Detector.DetectAsync(registry.Connection(connectionId).Shell, includeImages, cancellationToken);
        return new ContainerList(
            inventory.Engines.Select(ContainerEngineInfo.From).ToList(),
            inventory.Images.Select(ContainerImageInfo.From).ToList());
    }

    public async Task<ImageCheckInfo> CheckImageAsync(string connectionId, string image, string? engine = null, CancellationToken cancellationToken = default)
    {
        var shell = registry.Connection(connectionId).Shell;
        var chosen = await containers.Detector.ChooseAsync(shell, engine, cancellationToken);
        var check = await containers.Checker.CheckAsync(shell, chosen, image, cancellationToken);
        return new ImageCheckInfo(chosen.Command, image, check.HasJupyter, check.PythonVersion, check.JupyterServerVersion, check.IpykernelVersion, check.Advice);
    }

    public async Task<BuiltImageInfo> BuildImageAsync(
        string connectionId, string directory, string? tag = null, string? engine = null, IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default)
    {
        var shell = registry.Connection(connectionId).Shell;
        var chosen = await containers.Detector.ChooseAsync(shell, engine, cancellationToken);
        progress?.Report(new ProgressValue("buildingImage", "starting", $"Building {directory} with {chosen.Command}…"));
        var lines = progress is null ? null : new SynchronousProgress<string>(line => progress.Report(new ProgressValue("buildingImage", "output", line)));
        var built = await containers.Builder.BuildAsync(shell, chosen, directory, tag, lines, cancellationToken);
        progress?.Report(new ProgressValue("buildingImage", "completed", $"Built {built}"));
        return new BuiltImageInfo(chosen.Command, built);
    }

    private static ContainerRequest? Container(EnvironmentParams environment, ServerParams server)
    {
        if (environment.Image is null && environment.Dockerfile is null)
        {
            return null;
        }

        return new ContainerRequest(environment.Image, environment.Dockerfile, environment.Engine)
        {
            Network = server.ContainerNetwork switch
            {
                null or "" or "host" => ContainerNetwork.Host,
                "publish" => ContainerNetwork.Publish,
                _ => throw new Core.Errors.RemoteJupyterException(
                    Core.Errors.ErrorCode.InvalidArgument, $"Unknown container network \"{server.ContainerNetwork}\": use host or publish."),
            },
            Cpus = server.Cpus,
            Gpus = server.Gpus ?? false,
        };
    }
}
