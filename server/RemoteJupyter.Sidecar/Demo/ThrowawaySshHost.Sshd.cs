using System.Diagnostics;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Sidecar.Demo;

// The sshd process itself: which version it is, starting it, capturing its output, and stopping it with its sessions.
public sealed partial class ThrowawaySshHost
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Null if the version cannot be read; callers then assume an older sshd.</summary>
    private static async Task<Version?> GetSshdVersionAsync(string sshdPath, CancellationToken ct)
    {
        // "-V" prints e.g. "OpenSSH_9.2p1 Debian-2, OpenSSL …"; older releases print it atop their usage text.
        var result = await ProcessRunner.RunAsync(sshdPath, ["-V"], ct);
        var text = result.Stderr + result.Stdout;
        var start = text.IndexOf("OpenSSH_", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var digits = new string(text[(start + 8)..].TakeWhile(c => char.IsAsciiDigit(c) || c == '.').ToArray());
        return Version.TryParse(digits, out var version) ? version : null;
    }

    private void StartSshd()
    {
        var startInfo = new ProcessStartInfo(options.SshdPath)
        {
            // Redirected so sshd (and the session processes inheriting its stdio) never write into our stdout.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // -D keeps sshd in the foreground as our child; -e with -E sends its log to the file, not syslog.
        foreach (var argument in new[] { "-D", "-e", "-f", ConfigPath, "-E", SshdLogPath })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => OnStdio(e.Data);
        process.ErrorDataReceived += (_, e) => OnStdio(e.Data);
        process.Start();
        sshd = process;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void OnStdio(string? line)
    {
        if (line is null)
        {
            return;
        }

        LogSshdOutput(logger, line);
        lock (stdioLock)
        {
            // Bounded: this only exists to explain a failed start.
            if (stdio.Length < 16 * 1024)
            {
                stdio.Append(line).Append('\n');
            }
        }
    }

    private RemoteJupyterException Failure(string what)
    {
        string captured;
        lock (stdioLock)
        {
            captured = stdio.ToString();
        }

        return new RemoteJupyterException(
            ErrorCode.Unexpected,
            $"{what}\n--- sshd log ({SshdLogPath}) ---\n{ReadLog()}--- sshd stdout/stderr ---\n{captured}");
    }

    private async Task StopSshdAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        // Once sshd is gone its sessions are re-parented and no longer findable, so collect them first,
        // and once more right after SIGTERM for a session accepted in between.
        var pid = process.Id;
        var sessions = PosixProcess.ChildrenOf(pid).ToHashSet();
        LogStopping(logger, pid, sessions.Count);
        PosixProcess.Signal(pid, PosixProcess.SigTerm);
        sessions.UnionWith(PosixProcess.ChildrenOf(pid));
        foreach (var session in sessions)
        {
            PosixProcess.Signal(session, PosixProcess.SigTerm);
        }

        // Polls HasExited: WaitForExitAsync would also wait for EOF on sshd's stdio, which sessions inherit.
        if (!await WaitUntilAsync(() => process.HasExited, StopTimeout))
        {
            LogKillingSshd(logger, pid, StopTimeout.TotalSeconds);
            process.Kill();
            await WaitUntilAsync(() => process.HasExited, StopTimeout);
        }

        if (!await WaitUntilAsync(() => !sessions.Any(PosixProcess.IsAlive), StopTimeout))
        {
            foreach (var session in sessions.Where(PosixProcess.IsAlive))
            {
                LogKillingSession(logger, session.Pid);
                PosixProcess.Signal(session, PosixProcess.SigKill);
            }
        }
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        return true;
    }
}
