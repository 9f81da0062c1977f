using System.Diagnostics;

namespace RemoteJupyter.Sidecar.Demo;

// Changing sshd's config at run time, and knowing when sshd serves again after a start or reload.
public sealed partial class ThrowawaySshHost
{
    /// <summary>
    /// Makes sshd run with <paramref name="config"/>: checks it with <c>sshd -t</c>, rewrites the file and
    /// reloads via SIGHUP. Returns once the reloaded sshd accepts connections; existing sessions survive.
    /// </summary>
    /// <exception cref="ArgumentException">sshd rejects the config, or it moves the port or address.</exception>
    public async Task ApplyConfigAsync(SshdConfig config, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (config.Port != Config.Port || config.ListenAddress != Config.ListenAddress)
        {
            throw new ArgumentException(
                "Port and ListenAddress are fixed for the host's lifetime: ssh_config and known_hosts name them.",
                nameof(config));
        }

        if (config == Config)
        {
            return;
        }

        var candidate = ConfigPath + ".candidate";
        await File.WriteAllTextAsync(candidate, config.Render(), ct);
        var check = await ProcessRunner.RunAsync(options.SshdPath, ["-t", "-f", candidate], ct);
        if (check.ExitCode != 0)
        {
            File.Delete(candidate);
            throw new ArgumentException($"sshd rejects the config: {check.Stderr.Trim()}", nameof(config));
        }

        File.Move(candidate, ConfigPath, overwrite: true);

        // After re-exec every socket of the old image is closed, so a new one proves the banner comes from the new config.
        var pid = SshdPid;
        var oldSockets = PosixProcess.SocketsOf(pid);
        LogReloading(logger, pid);
        if (!PosixProcess.Signal(pid, PosixProcess.SigHup))
        {
            throw Failure($"Could not send SIGHUP to sshd (pid {pid}).");
        }

        Config = config;
        await WaitUntilListeningAsync(oldSockets, ct);
    }

    /// <summary>Returns sshd to the config it started with.</summary>
    public Task ResetConfigAsync(CancellationToken ct) => ApplyConfigAsync(initialConfig, ct);

    /// <summary>Waits until sshd holds a socket not in <paramref name="oldSockets"/> and answers with an SSH banner.</summary>
    private async Task WaitUntilListeningAsync(IReadOnlySet<string> oldSockets, CancellationToken ct)
    {
        var process = sshd ?? throw new InvalidOperationException("sshd was not started.");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw Failure($"sshd exited with code {process.ExitCode}.");
            }

            if (PosixProcess.SocketsOf(process.Id).Except(oldSockets).Any() && await SshBannerProbe.AnswersAsync(Port, ct))
            {
                LogAnswered(logger, Port, clock.ElapsedMilliseconds);
                return;
            }

            if (clock.Elapsed > options.StartTimeout)
            {
                throw Failure($"sshd did not answer on 127.0.0.1:{Port} within {options.StartTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
    }
}
