using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Sessions;

/// <summary>Turns what the person typed (an ssh_config alias or user@host[:port]) into a live connection.</summary>
public sealed partial class ConnectionOpener
{
    private readonly ILoggerFactory loggerFactory;

    /// <summary>Creates the opener.</summary>
    public ConnectionOpener(ILoggerFactory loggerFactory) => this.loggerFactory = loggerFactory;

    /// <summary>Resolves <paramref name="host"/> like <c>ssh [-F configFile] host</c> would, then connects.</summary>
    public async Task<SshConnection> OpenAsync(
        string host, string? configFile, ISshPrompts prompts, IProgress<SessionProgress>? progress, CancellationToken cancellationToken)
    {
        var resolved = SshConfigFile.Resolve(SshTarget.Parse(host), configFile);
        var logger = loggerFactory.CreateLogger<ConnectionOpener>();
        foreach (var note in resolved.Warnings)
        {
            LogConfigNote(logger, note);
        }

        var display = $"{resolved.User}@{resolved.HostName}" + (resolved.Port == 22 ? string.Empty : $":{resolved.Port}");
        progress?.Report(new SessionProgress(SessionStage.Connecting, StageState.Starting, $"Connecting to {display}…"));
        var connection = await SshConnection.OpenAsync(resolved, prompts, loggerFactory, cancellationToken);
        progress?.Report(new SessionProgress(SessionStage.Connecting, StageState.Completed, $"Connected to {display}"));
        return connection;
    }

    [LoggerMessage(EventId = 1050, Level = LogLevel.Warning, Message = "ssh_config: {Note}")]
    private static partial void LogConfigNote(ILogger logger, string note);
}
