using Microsoft.Extensions.Logging.Abstractions;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Sidecar.Demo;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>Small conveniences over the fixture's sshd for tests that vary one thing.</summary>
public static class TestHosts
{
    /// <summary>The fixture host resolved through its own ssh_config, as the product would.</summary>
    public static ResolvedHost Resolve(ThrowawaySshHost host) =>
        SshConfigFile.Resolve(SshTarget.Parse(host.Alias), host.SshConfigPath);

    /// <summary>
    /// Stops every server recorded under <paramref name="stateDir"/> on the fixture host and removes the
    /// folder: test clean-up that holds even when the test failed half-way.
    /// </summary>
    public static async Task CleanUpAsync(ThrowawaySshHost host, string stateDir)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var connection = await SshConnection.OpenAsync(Resolve(host), new RecordingPrompts(), NullLoggerFactory.Instance, timeout.Token);
        var layout = new ServerLayout(stateDir);
        var stopper = new ServerStopper(NullLogger<ServerStopper>.Instance) { Grace = TimeSpan.FromSeconds(5) };
        foreach (var server in await new ServerLister().ListAsync(connection.Shell, layout, timeout.Token))
        {
            await stopper.TryStopByIdAsync(connection.Shell, layout, server.Id, timeout.Token);
        }

        await connection.Shell.RunAsync("rm -rf " + ShellQuote.QuotePath(stateDir), timeout.Token);
    }

    /// <summary>
    /// A copy of the host's ssh_config whose known_hosts file is new and empty and whose StrictHostKeyChecking is
    /// <c>ask</c>: the host key is unknown and the person is asked about it.
    /// </summary>
    public static async Task<string> ConfigWithUnknownHostKeyAsync(ThrowawaySshHost host, CancellationToken cancellationToken)
    {
        var config = Path.Combine(host.TempDir, "ssh_config_unknown_" + Guid.NewGuid().ToString("N")[..6]);
        var lines = (await File.ReadAllLinesAsync(host.SshConfigPath, cancellationToken))
            .Select(l => l.TrimStart() switch
            {
                var t when t.StartsWith("UserKnownHostsFile", StringComparison.OrdinalIgnoreCase) => "  UserKnownHostsFile " + config + ".known",
                var t when t.StartsWith("StrictHostKeyChecking", StringComparison.OrdinalIgnoreCase) => "  StrictHostKeyChecking ask",
                _ => l,
            });
        await File.WriteAllLinesAsync(config, lines, cancellationToken);
        return config;
    }

    /// <summary>An executable sh script named python3 in a new world-readable folder; returns the folder.</summary>
    public static async Task<string> FakePythonAsync(ThrowawaySshHost host, string name, string script, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(host.TempDir, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        var python = Path.Combine(dir, "python3");
        await File.WriteAllTextAsync(python, "#!/bin/sh\n" + script, cancellationToken);
        File.SetUnixFileMode(python, (UnixFileMode)0b111_101_101);
        return dir;
    }

    /// <summary>Runs a local program to completion and returns stdout; throws with stderr on failure.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var arguments = args.ToList();
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(file, arguments, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {exitCode}: {stderr}");
        }

        return stdout;
    }

    /// <summary>A fresh ed25519 key pair in <paramref name="dir"/>; returns the private key path.</summary>
    public static async Task<string> NewKeyAsync(string dir, string name, string passphrase, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dir, name);
        await RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase, "-f", path], cancellationToken);
        return path;
    }

    /// <summary>Every process's argv on this machine, one string each (for "no secret in ps" checks).</summary>
    public static IEnumerable<string> AllCommandLines()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            yield return text;
        }
    }
}
