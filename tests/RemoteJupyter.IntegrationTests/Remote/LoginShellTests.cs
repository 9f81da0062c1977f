using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Remote;

/// <summary>The same commands and discovery work whatever the login shell is and whatever its rc files print or set.</summary>
[Collection("sshd")]
public sealed class LoginShellTests(LoginShellsFixture shells, ITestOutputHelper output) : TestBase(output), IClassFixture<LoginShellsFixture>
{
    public static TheoryData<string> ShellNames => new(LoginShellsFixture.Shells.Keys);

    [Theory]
    [MemberData(nameof(ShellNames))]
    public async Task Commands_get_the_login_environment_without_the_banners(string shell)
    {
        if (!LoginShellsFixture.Available)
        {
            Output.WriteLine("Skipped: creating the login shell accounts needs root.");
            return;
        }

        var logs = new CapturedLogs();
        using var loggers = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(logs)
            .AddProvider(new XunitLoggerProvider(Output)));
        using var connection = await OpenAsync(shell, loggers);

        var started = Stopwatch.GetTimestamp();
        var environment = await connection.Shell.GetLoginEnvironmentAsync(TimeoutToken);
        Output.WriteLine($"{shell}: captured {environment.Names.Count} variable(s) in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms: {string.Join(' ', environment.Names)}");
        Assert.Equal(LoginShellsFixture.Shells[shell], environment.Shell);
        if (shell != "fish")
        {
            // PATH comes from rc files only a login shell reads (tcsh's .login); fish's config.fish runs for
            // sshd's own shell too, so its PATH is in sshd's environment already and not captured again.
            Assert.Contains("PATH", environment.Names);
        }

        if (shell is "bash" or "dash" or "zsh")
        {
            // Likewise for variables set by rc files only an interactive shell reads.
            Assert.Contains("RJ_TEST_SECRET", environment.Names);
            Assert.Contains("PYTHONPATH", environment.Names);
        }

        var echo = await connection.Shell.RunAsync("echo hello; echo oops >&2", TimeoutToken);
        Assert.Equal("hello\n", echo.Stdout);
        Assert.Equal("oops\n", echo.Stderr);

        var lines = new ConcurrentQueue<string>();
        var streamed = await connection.Shell.RunScriptAsync("two-lines", "echo one\nsleep 0.2\necho two\n", new SyncProgress(lines.Enqueue), TimeoutToken);
        Assert.Equal("one\ntwo\n", streamed.Stdout);
        Assert.Equal(["one", "two"], lines.ToArray());

        var tool = await connection.Shell.RunAsync(
            "command -v " + LoginShellsFixture.MarkerTool + " && " + LoginShellsFixture.MarkerTool + " && printf '%s\\n' \"$PYTHONPATH\"", TimeoutToken);
        Assert.Equal($"{shells.RcBin}/{LoginShellsFixture.MarkerTool}\nmarker-tool-ok\n{shells.RcPythonPath}\n", tool.Stdout);

        var temp = await connection.Shell.RunScriptAsync(
            "tmpdir", "printf '%s\\n' \"$TMPDIR\"; stat -c %a \"$TMPDIR\"; python3 -c 'import tempfile; print(tempfile.gettempdir())'", TimeoutToken);
        var tmpdir = shells.Homes[shell] + "/.remote-jupyter/tmp";
        Assert.Equal($"{tmpdir}\n700\n{tmpdir}\n", temp.Stdout);

        var discovered = await new EnvironmentDiscoverer(LoggerFactory.CreateLogger<EnvironmentDiscoverer>()).DiscoverAsync(connection.Shell, new DiscoveryOptions(), TimeoutToken);
        Assert.False(discovered.TimedOut);
        Assert.Contains(discovered.Environments, e => e.Python == "/usr/bin/python3" && e.CanServe);

        foreach (var result in new[] { echo, streamed, tool, temp })
        {
            Assert.DoesNotContain(LoginShellsFixture.Banner, result.Stdout + result.Stderr, StringComparison.Ordinal);
        }

        await AssertSecretReachesCommandButNotPsAsync(connection.Shell);
        await AssertCancelStopsTheRemoteCommandAsync(connection.Shell);
        Assert.Contains(logs.Lines, l => l.Contains("variable(s) captured", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(shells.Secret, StringComparison.Ordinal));
    }

    private async Task AssertSecretReachesCommandButNotPsAsync(RemoteShell shell)
    {
        var running = shell.RunAsync("sleep 6; printf '%s' \"$RJ_TEST_SECRET\"", TimeoutToken);

        // On a loaded machine the command may take a moment to show up; look until it does (bounded).
        var commandLines = TestHosts.AllCommandLines().ToList();
        for (var i = 0; i < 50 && !commandLines.Any(l => l.Contains("sh -s __RJ_", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100, TimeoutToken);
            commandLines = TestHosts.AllCommandLines().ToList();
        }

        Assert.Contains(commandLines, l => l.Contains("sh -s __RJ_", StringComparison.Ordinal));
        Assert.DoesNotContain(commandLines, l => l.Contains(shells.Secret, StringComparison.Ordinal));
        Assert.Equal(shells.Secret, (await running).Stdout);
    }

    private async Task AssertCancelStopsTheRemoteCommandAsync(RemoteShell shell)
    {
        // A duration no other process has, so ps finds exactly this sleep.
        var sleep = "sleep 30." + Random.Shared.Next(100_000, 999_999);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => shell.RunScriptAsync("sleeper", sleep, new SyncProgress(_ => { }), cancel.Token));

        for (var waited = 0; TestHosts.AllCommandLines().Any(l => l.Contains(sleep, StringComparison.Ordinal)); waited += 100)
        {
            Assert.True(waited < 5000, $"{sleep} still runs after the cancel");
            await Task.Delay(100, TimeoutToken);
        }
    }

    private Task<SshConnection> OpenAsync(string shell, ILoggerFactory loggers)
    {
        var resolved = TestHosts.Resolve(shells.Host) with { User = LoginShellsFixture.UserFor(shell) };
        return SshConnection.OpenAsync(resolved, new RecordingPrompts(), loggers, TimeoutToken);
    }

    /// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, so no line arrives after the await.</summary>
    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
