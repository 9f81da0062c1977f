using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Environments.Creation;
using RemoteJupyter.Core.Kernels;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>environments/* and kernels/*: thin mappings onto Core.</summary>
internal sealed partial class RemoteJupyterService
{
    public async Task<EnvironmentList> ListEnvironmentsAsync(
        string connectionId, string? searchPath = null, IReadOnlyList<string>? roots = null, double? timeoutSeconds = null, CancellationToken cancellationToken = default)
    {
        var options = new DiscoveryOptions
        {
            SearchPath = searchPath,
            Roots = roots ?? [],
            Timeout = timeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DiscoveryOptions.DefaultTimeout,
        };
        var found = await environments.Discoverer.DiscoverAsync(registry.Connection(connectionId).Shell, options, cancellationToken);
        return new EnvironmentList(
            found.Environments.Select(e => new EnvironmentInfo(
                JsonNaming.Camel(e.Kind.ToString()), e.Path, e.Python, e.PythonVersion, e.HasJupyterServer, e.HasIpykernel, e.CanServe, e.KernelName, e.Name, e.SystemSitePackages)).ToList(),
            found.Kernels.Select(k => new KernelInfo(k.Name, k.DisplayName, k.Directory, k.Python, k.Language)).ToList(),
            found.Warnings,
            found.TimedOut);
    }

    public async Task<CreatedEnvironmentInfo> CreateEnvironmentAsync(
        string connectionId, CreateEnvironmentParams environment, IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var shell = registry.Connection(connectionId).Shell;
        var kind = Enum.TryParse<EnvironmentKind>(environment.Kind, ignoreCase: true, out var parsed) ? parsed : throw new ArgumentException($"Unknown environment kind '{environment.Kind}'.", nameof(environment));
        var request = new EnvironmentCreateRequest(kind, environment.Path)
        {
            SystemSitePackages = environment.SystemSitePackages,
            Requirements = environment.Requirements,
            Packages = environment.Packages ?? [],
            EnvironmentFile = environment.EnvironmentFile,
            PythonVersion = environment.PythonVersion,
            BasePython = environment.BasePython,
            Tool = environment.Tool,
            KernelName = environment.KernelName,
            KernelDisplayName = environment.KernelDisplayName,
        };
        progress?.Report(new ProgressValue("creatingEnvironment", "starting", $"Creating {environment.Kind} environment {environment.Path}…"));
        var lines = progress is null ? null : new SynchronousProgress<string>(line =>
            progress.Report(new ProgressValue("creatingEnvironment", line.StartsWith("$ ", StringComparison.Ordinal) ? "step" : "output", line)));
        var created = await environments.Creator.CreateAsync(shell, request, lines, cancellationToken);
        progress?.Report(new ProgressValue("creatingEnvironment", "completed", $"Created {created.Path}"));
        return new CreatedEnvironmentInfo(
            JsonNaming.Camel(created.Kind.ToString()), created.Path, created.Python, created.PythonVersion, created.Kernel is { } k ? Info(k) : null);
    }

    public async Task<DeletedEnvironmentInfo> DeleteEnvironmentAsync(string connectionId, string path, CancellationToken cancellationToken = default)
    {
        var kernels = await environments.Deleter.DeleteAsync(registry.Connection(connectionId).Shell, path, cancellationToken);
        return new DeletedEnvironmentInfo(path, kernels);
    }

    public async Task<KernelRegistrationInfo> RegisterKernelAsync(
        string connectionId, string pythonPath, string name, string? displayName = null, CancellationToken cancellationToken = default) =>
        Info(await environments.Kernels.RegisterAsync(registry.Connection(connectionId).Shell, pythonPath, name, displayName, cancellationToken));

    public async Task<UnregisteredKernelInfo> UnregisterKernelAsync(string connectionId, string name, CancellationToken cancellationToken = default) =>
        new(name, await environments.Kernels.UnregisterAsync(registry.Connection(connectionId).Shell, name, cancellationToken));

    private static KernelRegistrationInfo Info(KernelRegistration kernel) =>
        new(kernel.Name, kernel.DisplayName, kernel.Directory, kernel.Python, kernel.Repaired);
}
