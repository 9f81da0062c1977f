using System.Text;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Containers;

/// <summary>
/// Builds an image from a Dockerfile (or Containerfile) in a folder on the host: <c>ENGINE build --network=host -t TAG DIR</c>, its
/// log streamed line by line as it runs; cancelling stops the build on the host. RUN steps use the host's network, like
/// the containers themselves: the one mode rootless podman has where <c>/dev/net/tun</c> is not usable (slirp4netns
/// fails there), and for docker no less than its default bridge gives them.
/// </summary>
public sealed partial class ImageBuilder
{
    private const string Script = """
        cd "$dir" 2>/dev/null || exit 103
        [ -f Dockerfile ] || [ -f Containerfile ] || exit 104
        exec "$engine" build --network=host -t "$tag" . 2>&1
        """;

    private readonly ILogger<ImageBuilder> logger;

    /// <summary>Creates the builder.</summary>
    public ImageBuilder(ILogger<ImageBuilder> logger) => this.logger = logger;

    /// <summary>The tag a folder's image gets when none is given: <c>remote-jupyter/FOLDER:latest</c>.</summary>
    public static string DefaultTag(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var name = new StringBuilder();
        foreach (var c in Path.GetFileName(directory.TrimEnd('/')).ToLowerInvariant())
        {
            name.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-' ? c : '-');
        }

        var folder = name.ToString().Trim('-', '.', '_');
        return "remote-jupyter/" + (folder.Length > 0 ? folder : "image") + ":latest";
    }

    /// <summary>
    /// Builds the image in <paramref name="directory"/> as <paramref name="tag"/> (default <see cref="DefaultTag"/>),
    /// reporting each line of the build log to <paramref name="buildLog"/>. Returns the tag.
    /// </summary>
    public async Task<string> BuildAsync(
        RemoteShell shell, ContainerEngine engine, string directory, string? tag, IProgress<string>? buildLog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(directory);
        tag ??= DefaultTag(directory);
        var script = $"dir={ShellQuote.QuotePath(directory)}\nengine={ShellQuote.Quote(engine.Command)}\ntag={ShellQuote.Quote(tag)}\n{Script}";
        LogBuilding(logger, directory, tag, engine.Command);
        var result = await shell.RunScriptAsync("build-image", script, buildLog ?? new SynchronousProgress<string>(_ => { }), cancellationToken);
        switch (result.ExitCode)
        {
            case 0:
                LogBuilt(logger, tag);
                return tag;
            case 103:
                throw new RemoteJupyterException(ErrorCode.InvalidArgument, $"There is no folder {directory} on the host.");
            case 104:
                throw new RemoteJupyterException(ErrorCode.InvalidArgument, $"The folder {directory} on the host has no Dockerfile (or Containerfile).");
            default:
                var tail = string.Join('\n', result.Stdout.TrimEnd().Split('\n').TakeLast(30));
                throw new RemoteJupyterException(
                    ErrorCode.ImageBuildFailed,
                    $"Building an image from {directory} failed ({engine.Command} build exited with {result.ExitCode}). The build log ends with:\n{tail}");
        }
    }

    [LoggerMessage(EventId = 7030, Level = LogLevel.Information, Message = "Building {Directory} as {Tag} with {Engine}")]
    private static partial void LogBuilding(ILogger logger, string directory, string tag, string engine);

    [LoggerMessage(EventId = 7031, Level = LogLevel.Information, Message = "Built {Tag}")]
    private static partial void LogBuilt(ILogger logger, string tag);
}
