using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Renci.SshNet.Common;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Remote;

/// <summary>
/// Captures the <see cref="LoginEnvironment"/> once per connection, the first time a command needs it;
/// concurrent first commands share that one capture. A capture that fails or takes longer than
/// <see cref="Timeout"/> falls back to <see cref="LoginEnvironment.None"/> with a warning: commands still run.
/// </summary>
internal sealed partial class LoginEnvironmentCapture
{
    private readonly Func<string, CancellationToken, Task<RemoteResult>> runScript;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private Task<(LoginEnvironment Environment, bool Final)>? capture;

    /// <param name="runScript">Runs a script under sh as sshd's environment has it, without any login environment.</param>
    /// <param name="logger">Gets names and counts, never values.</param>
    public LoginEnvironmentCapture(Func<string, CancellationToken, Task<RemoteResult>> runScript, ILogger logger)
    {
        this.runScript = runScript;
        this.logger = logger;
    }

    /// <summary>An rc file that waits on the network must not hold every command hostage.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public async Task<LoginEnvironment> GetAsync(CancellationToken cancellationToken)
    {
        Task<(LoginEnvironment Environment, bool Final)> task;
        lock (gate)
        {
            task = capture ??= CaptureAsync();
        }

        // The shared capture runs on its own timeout: one caller's cancel must not fail the others'.
        var (environment, final) = await task.WaitAsync(cancellationToken);
        if (!final)
        {
            lock (gate)
            {
                if (capture == task)
                {
                    capture = null;
                }
            }
        }

        return environment;
    }

    /// <summary>
    /// The script: sshd's environment, the login shell's name, then the login shell's environment as it
    /// is after its rc files ran. csh and tcsh take <c>-l</c> only as their sole flag, so they read the
    /// command from stdin; the others get <c>-i</c> too, so that rc files guarded by "interactive only"
    /// (Debian's .bashrc) still run. TERM=dumb keeps fish from warning about the missing terminal.
    /// </summary>
    internal static string BuildScript(LoginEnvironmentMarkers markers)
    {
        var print = $"echo {markers.LoginStart}; /usr/bin/env -0; echo {markers.LoginEnd}";
        return $$"""
            printf '%s\n' {{markers.PlainStart}}; /usr/bin/env -0; printf '%s\n' {{markers.PlainEnd}}
            login=$(getent passwd "$(id -un)" 2>/dev/null | cut -d: -f7)
            [ -n "$login" ] || login=${SHELL:-/bin/sh}
            printf '%s %s\n' {{markers.Shell}} "$login"
            print={{ShellQuote.Quote(print)}}
            case ${login##*/} in
              csh|tcsh) printf '%s\n' "$print" | TERM=dumb "$login" -l ;;
              *) TERM=dumb "$login" -l -i -c "$print" </dev/null ;;
            esac
            """;
    }

    private async Task<(LoginEnvironment, bool)> CaptureAsync()
    {
        var markers = LoginEnvironmentMarkers.Create();
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            var result = await runScript(BuildScript(markers), timeout.Token);
            var environment = LoginEnvironment.Parse(result.Stdout, markers);
            if (environment is null)
            {
                LogFallback(logger, string.Create(CultureInfo.InvariantCulture, $"the login shell printed no environment and exited with {result.ExitCode}"));
                return (LoginEnvironment.None, true);
            }

            var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogCaptured(logger, environment.Shell ?? "?", environment.Names.Count, elapsed);
            LogNames(logger, environment.Names);
            return (environment, true);
        }
        catch (OperationCanceledException)
        {
            LogFallback(logger, string.Create(CultureInfo.InvariantCulture, $"it took longer than {Timeout.TotalSeconds} s"));
            return (LoginEnvironment.None, true);
        }
        catch (RemoteJupyterException ex)
        {
            // A lost connection says nothing about the rc files: the next command tries again.
            LogFallback(logger, ex.Message);
            return (LoginEnvironment.None, ex.Code != ErrorCode.ConnectionLost);
        }
        catch (Exception ex) when (ex is InvalidOperationException or SshException)
        {
            // The transport went away in a way RemoteShell did not translate; try again next time rather
            // than fail every command of this connection.
            LogFallback(logger, ex.Message);
            return (LoginEnvironment.None, false);
        }
    }

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Login shell {Shell}: {Count} variable(s) captured in {Elapsed} ms")]
    private static partial void LogCaptured(ILogger logger, string shell, int count, long elapsed);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Debug, Message = "Login shell variables: {Names}")]
    private static partial void LogNames(ILogger logger, IReadOnlyList<string> names);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Commands run with sshd's environment only: could not capture the login shell's, because {Reason}")]
    private static partial void LogFallback(ILogger logger, string reason);
}
