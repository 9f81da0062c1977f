using System.Text.Json;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Containers;

/// <summary>
/// Runs an image's <c>python3</c> once (<c>run --rm --pull=never --network=none</c>) to learn whether it has
/// jupyter_server and ipykernel; never pulls, so a typo'd name fails fast instead of reaching for a registry.
/// </summary>
public sealed partial class ImageChecker
{
    // find_spec does not import (ipykernel's import takes a second); versions come from the installed metadata.
    private const string Check = """
        import importlib.util, json, sys
        out = {"python": "%d.%d.%d" % sys.version_info[:3]}
        for m in ("jupyter_server", "ipykernel"):
            v = None
            if importlib.util.find_spec(m) is not None:
                try:
                    from importlib.metadata import version
                    v = version(m)
                except Exception:
                    v = "?"
            out[m] = v
        print("RJCHECK" + json.dumps(out))
        """;

    private readonly ILogger<ImageChecker> logger;

    /// <summary>Creates the checker.</summary>
    public ImageChecker(ILogger<ImageChecker> logger) => this.logger = logger;

    /// <summary>Checks <paramref name="image"/> with <paramref name="engine"/>.</summary>
    public async Task<ImageCheck> CheckAsync(RemoteShell shell, ContainerEngine engine, string image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(image);
        var command = ShellQuote.Join(ContainerCommandLine.Check(engine, image, Check));
        var result = await shell.RunAsync(command + " 2>&1", cancellationToken);
        var check = Parse(image, result.ExitCode, result.Stdout);
        LogChecked(logger, image, check.PythonVersion ?? "none", check.JupyterServerVersion ?? "none", check.IpykernelVersion ?? "none");
        return check;
    }

    /// <summary>Reads the check's output; internal for tests.</summary>
    internal static ImageCheck Parse(string image, int exitCode, string output)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RJCHECK", StringComparison.Ordinal));
        if (line is not null)
        {
            using var doc = JsonDocument.Parse(line["RJCHECK".Length..]);
            string? Get(string name) => doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new ImageCheck(image, Get("python"), Get("jupyter_server"), Get("ipykernel"));
        }

        if (IsMissingImage(output))
        {
            throw new RemoteJupyterException(
                ErrorCode.ImageNotFound,
                $"There is no image {image} on this host. Pull it first (podman pull {image}, or docker pull), or build one from a Dockerfile.");
        }

        // Exit 127 (docker) or "executable file not found" (podman, runc): the image has no python3.
        if (exitCode is 126 or 127 || output.Contains("python3", StringComparison.Ordinal) &&
            (output.Contains("not found", StringComparison.OrdinalIgnoreCase) || output.Contains("no such file", StringComparison.OrdinalIgnoreCase)))
        {
            return new ImageCheck(image, null, null, null);
        }

        throw new RemoteJupyterException(
            ErrorCode.RemoteCommandFailed, $"Could not run the image {image} to check it (exit {exitCode}): {RemoteResult.Excerpt(output)}");
    }

    private static bool IsMissingImage(string output) =>
        output.Contains("image not known", StringComparison.OrdinalIgnoreCase)
        || output.Contains("No such image", StringComparison.OrdinalIgnoreCase)
        || output.Contains("Unable to find image", StringComparison.OrdinalIgnoreCase)
        || output.Contains("does not exist in local storage", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Image {Image}: python {Python}, jupyter_server {JupyterServer}, ipykernel {Ipykernel}")]
    private static partial void LogChecked(ILogger logger, string image, string python, string jupyterServer, string ipykernel);
}
