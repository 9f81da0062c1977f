using Microsoft.Extensions.Logging;

namespace RemoteJupyter.Sidecar.Demo;

// Source-generated log messages, kept apart so the logic files read without them.
public sealed partial class ThrowawaySshHost
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Starting sshd {Version} on 127.0.0.1:{Port} for user {User} in {TempDir}")]
    private static partial void LogStarting(ILogger logger, string version, int port, string user, string tempDir);

    [LoggerMessage(Level = LogLevel.Debug, Message = "sshd answered on port {Port} after {Elapsed} ms")]
    private static partial void LogAnswered(ILogger logger, int port, long elapsed);

    [LoggerMessage(Level = LogLevel.Information, Message = "sshd (pid {Pid}) is ready: ssh -F {SshConfig} {Alias}")]
    private static partial void LogReady(ILogger logger, int pid, string sshConfig, string alias);

    [LoggerMessage(Level = LogLevel.Debug, Message = "sshd: {Line}")]
    private static partial void LogSshdOutput(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "Creating user {User} for the throwaway SSH host")]
    private static partial void LogCreatingUser(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Changing the login shell of {User} to {Shell}")]
    private static partial void LogChangingShell(ILogger logger, string user, string shell);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unlocking user {User} for key login (password set to '*')")]
    private static partial void LogUnlockingUser(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloading sshd (pid {Pid}) with a changed config")]
    private static partial void LogReloading(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping sshd (pid {Pid}) and {Count} session process(es)")]
    private static partial void LogStopping(ILogger logger, int pid, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "sshd (pid {Pid}) ignored SIGTERM for {Seconds} s; killing it")]
    private static partial void LogKillingSshd(ILogger logger, int pid, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "sshd session process {Pid} ignored SIGTERM; killing it")]
    private static partial void LogKillingSession(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {TempDir}")]
    private static partial void LogDeleted(ILogger logger, string tempDir);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete {TempDir}")]
    private static partial void LogDeleteFailed(ILogger logger, string tempDir, Exception exception);
}
