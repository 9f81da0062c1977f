using System.Globalization;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Containers;

/// <summary>
/// Finds podman and docker (and the podman-docker shim) on the host, their versions, whether they run rootless and
/// whether the person may use them, and lists their local images: one remote round trip.
/// </summary>
public sealed partial class ContainerEngineDetector
{
    private readonly ILogger<ContainerEngineDetector> logger;

    /// <summary>Creates the detector.</summary>
    public ContainerEngineDetector(ILogger<ContainerEngineDetector> logger) => this.logger = logger;

    /// <summary>The engines on the host and, with <paramref name="includeImages"/>, the usable ones' images.</summary>
    public async Task<ContainerInventory> DetectAsync(RemoteShell shell, bool includeImages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        var script = $"images={(includeImages ? 1 : 0)}\n{ContainerEngineScript.Source}";
        var result = await shell.RunScriptAsync("detect-container-engines", script, cancellationToken);
        var inventory = Parse(result.Stdout);
        foreach (var engine in inventory.Engines)
        {
            LogEngine(logger, engine.Command, engine.Kind, engine.Version, engine.Rootless, engine.Usable);
        }

        return inventory;
    }

    /// <summary>The engine to run <paramref name="preferred"/> (or the first usable one); throws with advice when there is none.</summary>
    public async Task<ContainerEngine> ChooseAsync(RemoteShell shell, string? preferred, CancellationToken cancellationToken) =>
        Usable(await DetectAsync(shell, includeImages: false, cancellationToken), preferred);

    /// <summary>The engine to use from an inventory, or an error saying what to do.</summary>
    public static ContainerEngine Usable(ContainerInventory inventory, string? preferred)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        if (preferred is { Length: > 0 } && preferred is not ("podman" or "docker"))
        {
            throw new RemoteJupyterException(ErrorCode.InvalidArgument, $"Unknown container engine \"{preferred}\": use podman or docker.");
        }

        var engine = inventory.Choose(preferred);
        if (engine is null)
        {
            throw new RemoteJupyterException(
                ErrorCode.ContainerEngineMissing,
                preferred is { Length: > 0 }
                    ? $"{preferred} is not installed on this host (or not on your PATH there)."
                    : "Neither podman nor docker is installed on this host (or on your PATH there). Ask your admin to install podman.");
        }

        return engine.Usable
            ? engine
            : throw new RemoteJupyterException(ErrorCode.ContainerEngineUnusable, engine.Problem ?? $"{engine.Command} cannot run containers for you here.");
    }

    /// <summary>Reads the script's output; internal for tests.</summary>
    internal static ContainerInventory Parse(string stdout)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        string Field(string kind, string command) =>
            lines.FirstOrDefault(f => f.Length >= 3 && f[0] == kind && f[1] == command) is { } f ? string.Join('\t', f.Skip(2)) : string.Empty;

        var engines = new List<ContainerEngine>();
        var images = new List<ContainerImage>();
        foreach (var fields in lines.Where(f => f.Length >= 5 && f[0] == "engine"))
        {
            var command = fields[1];
            var exitCode = int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rc) ? rc : -1;
            var engine = ContainerEngineParser.Parse(command, fields[2], exitCode, fields[4], Field("info", command), Field("err", command));
            engines.Add(engine);
            var listedByPodman = engine.IsPodmanShim && engines.Any(e => e.Command == "podman" && e.Usable);
            if (engine.Usable && !listedByPodman)
            {
                images.AddRange(ContainerEngineParser.ParseImages(command, Field("images", command)));
            }
        }

        return new ContainerInventory(engines, images);
    }

    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Container engine {Command}: {Kind} {Version}, rootless {Rootless}, usable {Usable}")]
    private static partial void LogEngine(ILogger logger, string command, ContainerEngineKind kind, string version, bool rootless, bool usable);
}
