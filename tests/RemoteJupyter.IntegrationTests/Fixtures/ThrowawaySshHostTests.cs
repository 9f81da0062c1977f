using System.Diagnostics;
using System.Runtime.Versioning;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Fixtures;

[Collection("sshd")]
[SupportedOSPlatform("linux")]
public sealed class ThrowawaySshHostTests(SshdFixture fixture, ITestOutputHelper output) : TestBase(output)
{
    [Fact]
    public async Task OpenSsh_client_logs_in_as_the_login_user()
    {
        var host = fixture.Host;

        var result = await SshAsync(host, "id -un");

        Assert.True(result.ExitCode == 0, Explain(host, result));
        Assert.Equal(host.UserName, result.Stdout.Trim());
        Assert.StartsWith("ssh-ed25519 AAAA", host.HostPublicKeyLine, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(host.ClientKeyPath));
    }

    [Fact]
    public async Task ApplyConfig_changes_what_sshd_allows_and_reset_restores_it()
    {
        var host = fixture.Host;
        var pid = host.SshdPid;
        try
        {
            await host.ApplyConfigAsync(host.Config with { ExtraLines = [$"DenyUsers {host.UserName}"] }, TimeoutToken);

            var denied = await SshAsync(host, "true");

            Assert.True(denied.ExitCode != 0, Explain(host, denied));
            Assert.Contains("listed in DenyUsers", host.ReadLog(), StringComparison.Ordinal);
        }
        finally
        {
            await host.ResetConfigAsync(TimeoutToken);
        }

        var allowed = await SshAsync(host, "true");

        Assert.True(allowed.ExitCode == 0, Explain(host, allowed));
        Assert.Equal(pid, host.SshdPid);
    }

    [Fact]
    public async Task ApplyConfig_rejects_what_sshd_rejects_and_keeps_running()
    {
        var host = fixture.Host;

        await Assert.ThrowsAsync<ArgumentException>(
            () => host.ApplyConfigAsync(host.Config with { ExtraLines = ["NoSuchKeyword yes"] }, TimeoutToken));

        var result = await SshAsync(host, "true");
        Assert.True(result.ExitCode == 0, Explain(host, result));
    }

    [Fact]
    public async Task A_second_host_stops_its_sessions_and_leaves_nothing_behind()
    {
        var second = await ThrowawaySshHost.StartAsync(new ThrowawaySshHostOptions { Alias = "rj-second" }, Logger, TimeoutToken);
        var pid = second.SshdPid;
        var tempDir = second.TempDir;
        IReadOnlyList<(int Pid, ulong StartTime)> sessions;
        // cat ends on its own when the session's pipes close; a sleep would outlive the test as an orphan.
        using var client = StartSsh(second, "echo started; exec cat");
        try
        {
            Assert.NotEqual(fixture.Host.Port, second.Port);

            // An open session gives dispose a child sshd to clean up.
            Assert.Equal("started", await client.StandardOutput.ReadLineAsync(TimeoutToken));
            sessions = PosixProcess.ChildrenOf(pid);
            Assert.NotEmpty(sessions);
        }
        finally
        {
            await second.DisposeAsync();
        }

        Assert.False(PosixProcess.IsAlive(pid), $"sshd {pid} still runs");
        Assert.All(sessions, session => Assert.False(PosixProcess.IsAlive(session), $"session {session.Pid} still runs"));
        Assert.False(Directory.Exists(tempDir));
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken);
        clientGone.CancelAfter(TimeSpan.FromSeconds(10));
        await client.WaitForExitAsync(clientGone.Token);
        Assert.NotEqual(0, client.ExitCode);
    }

    [Fact]
    public async Task A_host_that_cannot_start_reports_sshd_log()
    {
        var options = new ThrowawaySshHostOptions { ExtraConfig = ["NoSuchKeyword yes"] };

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(
            () => ThrowawaySshHost.StartAsync(options, Logger, TimeoutToken));

        Output.WriteLine(error.Message);
        Assert.Contains("NoSuchKeyword", error.Message, StringComparison.Ordinal);
    }

    private static Process StartSsh(ThrowawaySshHost host, string command)
    {
        var startInfo = new ProcessStartInfo("/usr/bin/ssh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-F", host.SshConfigPath, "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", host.Alias, command })
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start ssh.");
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> SshAsync(ThrowawaySshHost host, string command)
    {
        using var ssh = StartSsh(host, command);
        ssh.StandardInput.Close();
        var stdout = ssh.StandardOutput.ReadToEndAsync(TimeoutToken);
        var stderr = ssh.StandardError.ReadToEndAsync(TimeoutToken);
        await ssh.WaitForExitAsync(TimeoutToken);
        var result = (ssh.ExitCode, await stdout, await stderr);
        Output.WriteLine($"ssh {host.Alias} {command} exited {result.ExitCode}; stderr: {result.Item3.Trim()}");
        return result;
    }

    private static string Explain(ThrowawaySshHost host, (int ExitCode, string Stdout, string Stderr) result) =>
        $"ssh exited {result.ExitCode}\nstdout: {result.Stdout}\nstderr: {result.Stderr}\n--- sshd log ---\n{host.ReadLog()}";
}
