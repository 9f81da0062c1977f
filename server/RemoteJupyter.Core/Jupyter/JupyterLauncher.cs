using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// Starts jupyter_server detached on the remote, bound to its 127.0.0.1, and returns once
/// <c>/api/status</c> answers with our token. On failure or cancellation nothing stays behind.
/// </summary>
public sealed partial class JupyterLauncher
{
    private readonly ILogger<JupyterLauncher> logger;
    private readonly ServerStopper stopper;

    /// <summary>Creates the launcher.</summary>
    public JupyterLauncher(ILogger<JupyterLauncher> logger, ServerStopper stopper)
    {
        this.logger = logger;
        this.stopper = stopper;
    }

    /// <summary>The version written into state files.</summary>
    public static string ProductVersion { get; } =
        typeof(JupyterLauncher).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0";

    /// <summary>Starts a server with <paramref name="token"/> and waits until it answers.</summary>
    public async Task<RemoteServer> StartAsync(
        RemoteShell shell, ServerLayout layout, LaunchRequest request, JupyterToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(token);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var script = LaunchScript.Build(layout, id, token, request, ProductVersion);
        LogStarting(logger, id, request.PythonPath);

        var result = await stopper.RunLaunchScriptAsync(shell, layout, id, "launch-jupyter", script, TimeSpan.FromSeconds(20), cancellationToken);

        var output = new LaunchOutput(result.Stdout);
        if (output.Field("fail") is { } failure)
        {
            var parts = failure.Split('\t');
            throw new RemoteJupyterException(ErrorCode.ServerStartFailed, parts[0] switch
            {
                "workdir" => $"The working directory {parts.ElementAtOrDefault(1)} does not exist on the host. Create it or choose another.",
                "tmux" => "tmux is not installed on the host, or could not start a session" +
                    (parts.ElementAtOrDefault(1) is { Length: > 0 } why ? $" ({why})" : string.Empty) + ". Install tmux there or choose detached persistence.",
                "kernelspec" => $"Could not write the kernel spec for {request.PythonPath} under {layout.ServersDir}: check free space and permissions there.",
                _ => $"Could not create the state folder {layout.ServersDir} on the host: check that your home is writable.",
            });
        }

        if (output.Ready(warning => LogWarning(logger, id, warning)) is { } ready)
        {
            LogReady(logger, id, ready.Pid, ready.Port, ready.Persistence ?? "detached", ready.MemoryLimit ?? "none");
            return ready;
        }

        throw Failure(output.Outcome, output.State, request, output, result);
    }

    private static RemoteJupyterException Failure(string? outcome, RemoteServer? state, LaunchRequest request, LaunchOutput output, RemoteResult result)
    {
        var port = state?.Port ?? request.RemotePort;
        var logTail = output.LogTail;
        if (output.PortInUse)
        {
            return new RemoteJupyterException(
                ErrorCode.RemotePortInUse,
                $"Port {port} on the host is already in use, so Jupyter could not start. Choose another remote port, or leave it unset to pick a free one.\n{logTail}");
        }

        var what = outcome switch
        {
            "exited" => "Jupyter exited during start-up",
            "timeout" => $"Jupyter did not answer /api/status within {(request.StartTimeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:0} s and was stopped",
            _ => $"The launch script failed (exit {result.ExitCode}): {result.Stderr.Trim()}",
        };
        return new RemoteJupyterException(
            ErrorCode.ServerStartFailed,
            $"{what}. Its log ends with:\n{(logTail.Length > 0 ? logTail : "(empty)")}");
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Starting Jupyter server {Id} with {Python}")]
    private static partial void LogStarting(ILogger logger, string id, string python);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Jupyter server {Id} ready (pid {Pid}, remote port {Port}, {Persistence}, memory cap: {MemoryLimit})")]
    private static partial void LogReady(ILogger logger, string id, int pid, int port, string persistence, string memoryLimit);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Server {Id}: {Warning}")]
    private static partial void LogWarning(ILogger logger, string id, string warning);
}
