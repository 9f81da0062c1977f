using Microsoft.Extensions.DependencyInjection;
using RemoteJupyter.Core.Containers;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Sidecar.Rpc;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>The container half of <c>envs HOST</c>: engines (an unusable one says why, on stderr) and images as environments.</summary>
internal static class ContainerImagesTable
{
    /// <summary>The host's images as <c>containers/list</c> shows them, checked for Jupyter with <see cref="ImageListing.Checked"/>.</summary>
    public static async Task<IReadOnlyList<ContainerImageInfo>> ListAsync(
        IServiceProvider services, RemoteShell shell, ImageListing listing, CancellationToken cancellationToken)
    {
        if (listing == ImageListing.None)
        {
            return [];
        }

        var inventory = await services.GetRequiredService<ContainerEngineDetector>().DetectAsync(shell, includeImages: true, cancellationToken);
        foreach (var engine in inventory.Engines.Where(e => !e.Usable))
        {
            await Console.Error.WriteLineAsync($"remote-jupyter: {engine.Command} {engine.Version}: {engine.Problem}");
        }

        var images = inventory.Images.Select(ContainerImageInfo.From).ToList();
        if (listing != ImageListing.Checked)
        {
            return images;
        }

        var checker = services.GetRequiredService<ImageChecker>();
        var checkedImages = new List<ContainerImageInfo>();
        foreach (var image in images)
        {
            var engine = inventory.Engines.First(e => e.Command == image.Engine);
            try
            {
                var check = await checker.CheckAsync(shell, engine, image.Name, cancellationToken);
                checkedImages.Add(image with { HasJupyter = check.HasJupyter });
            }
            catch (RemoteJupyterException ex)
            {
                await Console.Error.WriteLineAsync($"remote-jupyter: {image.Name}: {ex.Message}");
                checkedImages.Add(image);
            }
        }

        return checkedImages;
    }

    public static async Task PrintAsync(IReadOnlyList<ContainerImageInfo> images)
    {
        if (images.Count == 0)
        {
            return;
        }

        await Console.Out.WriteLineAsync();
        await Console.Out.WriteLineAsync($"{"ENGINE",-8} {"SIZE",-10} {"JUPYTER",-8} {"ID",-13} IMAGE");
        foreach (var i in images)
        {
            var jupyter = i.HasJupyter switch { true => "yes", false => "no", null => "?" };
            await Console.Out.WriteLineAsync($"{i.Engine,-8} {i.Size,-10} {jupyter,-8} {i.Id,-13} {i.Name}");
        }
    }
}
