using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Environments.Creation;
using RemoteJupyter.Core.Kernels;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary><c>envs</c> and <c>kernels</c>: the Python environments and Jupyter kernels on a host.</summary>
internal static class EnvironmentCommands
{

    public static Task<int> ListAsync(HostTarget target, DiscoveryOptions options, bool json, ImageListing images, CancellationToken cancellationToken) =>
        target.RunAsync(async (services, connection) =>
        {
            // Two round trips at once: Python discovery and the container engines with their images.
            var containers = ContainerImagesTable.ListAsync(services, connection.Shell, images, cancellationToken);
            var found = await services.GetRequiredService<EnvironmentDiscoverer>().DiscoverAsync(connection.Shell, options, cancellationToken);
            var imageList = await containers;
            foreach (var warning in found.Warnings)
            {
                await Console.Error.WriteLineAsync("remote-jupyter: " + warning);
            }

            if (json)
            {
                // Images are environments of kind "container", after the Python ones.
                var all = new JsonArray();
                foreach (var environment in found.Environments)
                {
                    all.Add(JsonSerializer.SerializeToNode(EnvironmentJson.From(environment), CliJsonContext.Default.EnvironmentJson));
                }

                foreach (var image in imageList)
                {
                    all.Add(JsonSerializer.SerializeToNode(ImageEnvironmentJson.From(image), CliJsonContext.Default.ImageEnvironmentJson));
                }

                await Console.Out.WriteLineAsync(all.ToJsonString(CliJsonContext.Default.Options));
                return CliErrors.Success;
            }

            await Console.Out.WriteLineAsync($"{"KIND",-10} {"PYTHON",-8} {"JUPYTER",-8} {"KERNEL",-20} PATH");
            foreach (var e in found.Environments)
            {
                var jupyter = e.CanServe ? "server" : e.HasIpykernel ? "kernel" : "-";
                await Console.Out.WriteLineAsync($"{e.Kind.ToString().ToLowerInvariant(),-10} {e.PythonVersion,-8} {jupyter,-8} {e.KernelName ?? "-",-20} {e.Path}");
            }

            await ContainerImagesTable.PrintAsync(imageList);

            return CliErrors.Success;
        }, cancellationToken);

    public static Task<int> CreateAsync(HostTarget target, EnvironmentCreateRequest request, bool quiet, CancellationToken cancellationToken) =>
        target.RunAsync(async (services, connection) =>
        {
            var output = new SynchronousProgress<string>(line =>
            {
                if (!quiet)
                {
                    Console.Error.WriteLine("  │ " + line);
                }
            });
            if (!quiet)
            {
                await Console.Error.WriteLineAsync($"  … Creating {request.Kind.ToString().ToLowerInvariant()} environment {request.Path} (Ctrl-C cancels and removes it)");
            }

            var created = await services.GetRequiredService<EnvironmentCreator>().CreateAsync(connection.Shell, request, output, cancellationToken);
            if (!quiet)
            {
                await Console.Error.WriteLineAsync($"  ✓ Created {created.Path} (Python {created.PythonVersion})" +
                    (created.Kernel is { } k ? $", kernel {k.Name}" + (k.Repaired ? " (kernel.json repaired to run this environment)" : string.Empty) : string.Empty));
            }

            await Console.Out.WriteLineAsync(created.Path);
            return CliErrors.Success;
        }, cancellationToken);

    public static Task<int> DeleteAsync(HostTarget target, string path, CancellationToken cancellationToken) =>
        target.RunAsync(async (services, connection) =>
        {
            var kernels = await services.GetRequiredService<EnvironmentDeleter>().DeleteAsync(connection.Shell, path, cancellationToken);
            await Console.Out.WriteLineAsync($"deleted {path}" + (kernels.Count > 0 ? $" and {kernels.Count} kernel(s): {string.Join(", ", kernels)}" : string.Empty));
            return CliErrors.Success;
        }, cancellationToken);

    public static Task<int> KernelsAsync(HostTarget target, bool json, CancellationToken cancellationToken) =>
        target.RunAsync(async (services, connection) =>
        {
            var found = await services.GetRequiredService<EnvironmentDiscoverer>().DiscoverAsync(connection.Shell, new DiscoveryOptions(), cancellationToken);
            if (json)
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(found.Kernels, CliJsonContext.Default.IReadOnlyListRegisteredKernel));
                return CliErrors.Success;
            }

            await Console.Out.WriteLineAsync($"{"NAME",-24} {"DISPLAY NAME",-30} PYTHON");
            foreach (var k in found.Kernels)
            {
                await Console.Out.WriteLineAsync($"{k.Name,-24} {k.DisplayName,-30} {k.Python ?? "(on PATH)"}");
            }

            return CliErrors.Success;
        }, cancellationToken);

    public static Task<int> RegisterAsync(HostTarget target, string python, string name, string? displayName, CancellationToken cancellationToken) =>
        target.RunAsync(async (services, connection) =>
        {
            var kernel = await services.GetRequiredService<KernelRegistrar>().RegisterAsync(connection.Shell, python, name, displayName, cancellationToken);
            await Console.Out.WriteLineAsync($"registered {kernel.Name} in {kernel.Directory}" + (kernel.Repaired ? $" (kernel.json repaired to run {kernel.Python})" : string.Empty));
            return CliErrors.Success;
        }, cancellationToken);

    public static Task<int> UnregisterAsync(HostTarget target, string name, CancellationToken cancellationToken) =>
        target.RunAsync(async (services, connection) =>
        {
            var removed = await services.GetRequiredService<KernelRegistrar>().UnregisterAsync(connection.Shell, name, cancellationToken);
            await Console.Out.WriteLineAsync($"removed {name} ({removed})");
            return CliErrors.Success;
        }, cancellationToken);
}

/// <summary>The <c>envs --json</c> shape: stable lowercase kind names, every field the issue names.</summary>
internal sealed record EnvironmentJson(
    string Kind, string Path, string Python, string PythonVersion, bool HasIpykernel, bool HasJupyterServer, string? KernelName, string? Name, bool SystemSitePackages)
{
    public static EnvironmentJson From(DiscoveredEnvironment e) =>
        new(e.Kind.ToString().ToLowerInvariant(), e.Path, e.Python, e.PythonVersion, e.HasIpykernel, e.HasJupyterServer, e.KernelName, e.Name, e.SystemSitePackages);
}

/// <summary>An image in <c>envs --json</c>: kind "container", its name as the path, then what <c>containers/list</c> says of it.</summary>
internal sealed record ImageEnvironmentJson(string Kind, string Path, string Engine, string Name, string Id, string Size, long? SizeBytes, bool? HasJupyter)
{
    public static ImageEnvironmentJson From(Rpc.ContainerImageInfo i) => new(i.Kind, i.Name, i.Engine, i.Name, i.Id, i.Size, i.SizeBytes, i.HasJupyter);
}
