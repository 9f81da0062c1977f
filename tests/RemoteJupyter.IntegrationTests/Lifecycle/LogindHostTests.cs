using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Lifecycle;

/// <summary>
/// A host whose logind kills user processes at logout (KillUserProcesses=yes) and that has a user systemd: this
/// machine has neither, so a login user gets a <c>busctl</c> that answers as such a logind and a <c>systemd-run</c>
/// that records its arguments and then runs the command, first on its login PATH. The launch must notice, run the
/// server in a user scope that also carries the memory cap, and tell the person about lingering.
/// </summary>
[Collection("sshd")]
public sealed class LogindHostTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    private const string User = "rjlogind";

    [Fact]
    public async Task On_a_KillUserProcesses_host_the_server_runs_in_a_user_scope_with_MemoryMax_and_the_person_is_told_about_lingering()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Output.WriteLine("Skipped: adding the login user needs root.");
            return;
        }

        var home = await sshd.Host.AddLoginUserAsync(User, "/bin/bash", TimeoutToken);
        var bin = Path.Combine(home, "fake-systemd");
        var record = Path.Combine(home, "systemd-run.args");
        Directory.CreateDirectory(bin);
        await File.WriteAllTextAsync(Path.Combine(bin, "busctl"), "#!/bin/sh\necho 'b true'\n", TimeoutToken);
        await File.WriteAllTextAsync(Path.Combine(bin, "systemd-run"), $$"""
            #!/bin/sh
            printf '%s\n' "$*" >>{{record}}
            while [ $# -gt 0 ]; do
              case $1 in
                -p) shift 2 ;;
                -*) shift ;;
                *) break ;;
              esac
            done
            exec "$@"
            """, TimeoutToken);
        await File.WriteAllTextAsync(Path.Combine(home, ".profile"), $"PATH={bin}:$PATH\n", TimeoutToken);
        File.Delete(record);
        await TestHosts.RunAsync("/bin/chown", ["-R", User + ":" + User, home], TimeoutToken);
        await TestHosts.RunAsync("/bin/chmod", ["755", bin, Path.Combine(bin, "busctl"), Path.Combine(bin, "systemd-run")], TimeoutToken);

        var layout = new ServerLayout("~/.rj-logind");
        using var connection = await SshConnection.OpenAsync(
            TestHosts.Resolve(sshd.Host) with { User = User }, new RecordingPrompts(), LoggerFactory, TimeoutToken);
        var stopper = TestStarters.Stopper(LoggerFactory);
        var starter = TestStarters.Starter(LoggerFactory);
        var options = new ServerStartOptions(new EnvironmentRequest(PythonPath: "/usr/bin/python3"), layout, Settings: new ServerSettings(MemoryLimitMb: 3000));
        using var started = await starter.StartAsync(connection, options, null, TimeoutToken);
        try
        {
            Assert.Equal("systemd", started.Server.MemoryLimit);
            Assert.Contains(started.Server.Warnings, w => w.Contains("KillUserProcesses=yes", StringComparison.Ordinal));
            Assert.Contains(started.Server.Warnings, w => w.Contains("loginctl enable-linger", StringComparison.Ordinal));
            var calls = await File.ReadAllLinesAsync(record, TimeoutToken);
            Assert.Contains("--user --scope --quiet true", calls);
            Assert.Contains(calls, c => c.StartsWith($"--user --scope --quiet --unit=remote-jupyter-{started.Server.Id} -p MemoryMax=3072000K ", StringComparison.Ordinal)
                && c.Contains("jupyter_server", StringComparison.Ordinal));
            using var client = new JupyterApiClient(started.LocalUrl, started.Token.Value);
            await client.GetStatusAsync(TimeoutToken);
        }
        finally
        {
            await stopper.TryStopByIdAsync(connection.Shell, layout, started.Server.Id, CancellationToken.None);
        }
    }
}
