using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Containers;

/// <summary>
/// Starts Jupyter in a container of an image, bound to the host's loopback, and returns once <c>/api/status</c> answers
/// with our token. A container that exits during start-up is reported with its exit code and last log lines, and
/// removed; on cancellation nothing stays behind either.
/// </summary>
public sealed partial class ContainerLauncher
{
    private readonly ILogger<ContainerLauncher> logger;
    private readonly ServerStopper stopper;

    /// <summary>Creates the launcher.</summary>
    public ContainerLauncher(ILogger<ContainerLauncher> logger, ServerStopper stopper)
    {
        this.logger = logger;
        this.stopper = stopper;
    }

    /// <summary>Runs <paramref name="image"/> with <paramref name="engine"/> and waits until Jupyter in it answers.</summary>
    public async Task<RemoteServer> StartAsync(
        RemoteShell shell, ServerLayout layout, ContainerEngine engine, string image, ContainerRequest request, LaunchRequest launch, JupyterToken token,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(token);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var script = ContainerLaunchScript.Build(layout, id, token, engine, image, request, launch, JupyterLauncher.ProductVersion);
        LogStarting(logger, id, image, engine.Command);
        var result = await stopper.RunLaunchScriptAsync(shell, layout, id, "launch-container", script, TimeSpan.FromSeconds(30), cancellationToken);

        var output = new LaunchOutput(result.Stdout);
        if (output.Field("fail") is { } failure)
        {
            var parts = failure.Split('\t', 2);
            var detail = parts.ElementAtOrDefault(1) ?? string.Empty;
            throw new RemoteJupyterException(ErrorCode.ServerStartFailed, parts[0] switch
            {
                "workdir" => $"The working directory {detail} does not exist on the host. Create it or choose another.",
                "host-python" => "The host has no python3, which Remote Jupyter needs beside the container to watch its server. Ask your admin to install python3.",
                "run" => $"{engine.Command} could not start a container of {image}: {detail.Trim()}",
                _ => $"Could not create the state folder {layout.ServersDir} on the host: check that your home is writable.",
            });
        }

        if (output.Ready(warning => LogWarning(logger, id, warning)) is { } ready)
        {
            LogReady(logger, id, ready.Container ?? string.Empty, ready.Port);
            return ready;
        }

        throw Failure(output.Outcome, output.Field("exit"), output.State?.Port ?? launch.RemotePort, launch, output, result);
    }

    private static RemoteJupyterException Failure(string? outcome, string? exitCode, int? port, LaunchRequest launch, LaunchOutput output, RemoteResult result)
    {
        var logTail = output.LogTail;
        if (output.PortInUse)
        {
            return new RemoteJupyterException(
                ErrorCode.RemotePortInUse,
                $"Port {port} on the host is already in use, so Jupyter could not start in the container. Choose another remote port, or leave it unset.\n{logTail}");
        }

        var code = int.TryParse(exitCode, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
        var what = outcome switch
        {
            "exited" => $"The container exited during start-up{(code is { } c ? $" with exit code {c}" : string.Empty)}",
            "timeout" => $"Jupyter in the container did not answer /api/status within {(launch.StartTimeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:0} s and was removed",
            _ => $"The container launch script failed (exit {result.ExitCode}): {result.Stderr.Trim()}",
        };
        return new RemoteJupyterException(ErrorCode.ServerStartFailed, $"{what}. Its log ends with:\n{(logTail.Length > 0 ? logTail : "(empty)")}");
    }

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Starting Jupyter server {Id} in a container of {Image} ({Engine})")]
    private static partial void LogStarting(ILogger logger, string id, string image, string engine);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Warning, Message = "Server {Id}: {Warning}")]
    private static partial void LogWarning(ILogger logger, string id, string warning);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Information, Message = "Jupyter server {Id} ready in container {Container} (remote port {Port})")]
    private static partial void LogReady(ILogger logger, string id, string container, int port);
}
