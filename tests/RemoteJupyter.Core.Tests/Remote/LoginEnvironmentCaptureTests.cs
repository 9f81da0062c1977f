using Microsoft.Extensions.Logging.Abstractions;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Tests.Remote;

public sealed class LoginEnvironmentCaptureTests
{
    [Fact]
    public async Task Concurrent_first_commands_share_one_capture_and_later_ones_reuse_it()
    {
        var runs = 0;
        var release = new TaskCompletionSource();
        var capture = new LoginEnvironmentCapture(
            async (script, ct) =>
            {
                Interlocked.Increment(ref runs);
                await release.Task;
                return Answer(script, "A=1\0");
            },
            NullLogger.Instance);

        var waiting = Enumerable.Range(0, 8).Select(_ => capture.GetAsync(CancellationToken.None)).ToList();
        release.SetResult();
        var environments = await Task.WhenAll(waiting);
        var later = await capture.GetAsync(CancellationToken.None);

        Assert.Equal(1, runs);
        Assert.All(environments, e => Assert.Same(environments[0], e));
        Assert.Same(environments[0], later);
        Assert.Equal(["A"], later.Names);
    }

    [Fact]
    public async Task A_capture_that_hangs_falls_back_to_sshd_environment_after_the_timeout()
    {
        var capture = new LoginEnvironmentCapture(
            async (_, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                throw new InvalidOperationException("unreachable");
            },
            NullLogger.Instance) { Timeout = TimeSpan.FromMilliseconds(50) };

        Assert.Same(LoginEnvironment.None, await capture.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task One_caller_cancelling_does_not_cancel_the_shared_capture()
    {
        var release = new TaskCompletionSource();
        var capture = new LoginEnvironmentCapture(
            async (script, _) =>
            {
                await release.Task;
                return Answer(script, "A=1\0");
            },
            NullLogger.Instance);
        using var cancelled = new CancellationTokenSource();

        var impatient = capture.GetAsync(cancelled.Token);
        var patient = capture.GetAsync(CancellationToken.None);
        await cancelled.CancelAsync();
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        Assert.Equal(["A"], (await patient).Names);
    }

    [Fact]
    public async Task A_lost_connection_is_retried_by_the_next_command_but_a_broken_login_shell_is_not()
    {
        var runs = 0;
        var capture = new LoginEnvironmentCapture(
            (script, _) => ++runs switch
            {
                1 => throw new RemoteJupyterException(ErrorCode.ConnectionLost, "down"),
                2 => Task.FromResult(new RemoteResult(1, "fish: unknown option\n", "", "")),
                _ => Task.FromResult(Answer(script, "A=1\0")),
            },
            NullLogger.Instance);

        Assert.Same(LoginEnvironment.None, await capture.GetAsync(CancellationToken.None));
        Assert.Same(LoginEnvironment.None, await capture.GetAsync(CancellationToken.None));
        Assert.Same(LoginEnvironment.None, await capture.GetAsync(CancellationToken.None));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task A_transport_disposed_under_the_capture_never_fails_the_command()
    {
        var runs = 0;
        var capture = new LoginEnvironmentCapture(
            (script, _) => ++runs == 1 ? throw new ObjectDisposedException("SshClient") : Task.FromResult(Answer(script, "A=1\0")),
            NullLogger.Instance);

        Assert.Same(LoginEnvironment.None, await capture.GetAsync(CancellationToken.None));
        Assert.Equal(["A"], (await capture.GetAsync(CancellationToken.None)).Names);
    }

    // Answers with the markers the script asked for, as the remote sh would print them.
    private static RemoteResult Answer(string script, string login)
    {
        var words = script.Split([' ', '\n', '\'', ';'], StringSplitOptions.RemoveEmptyEntries);
        string Marker(string suffix) => words.First(w => w.StartsWith("__RJENV_", StringComparison.Ordinal) && w.EndsWith(suffix, StringComparison.Ordinal));
        var stdout = $"banner\n{Marker("_PLAIN__")}\n{Marker("_PLAIN_END__")}\n{Marker("_SHELL__")} /bin/bash\n"
            + $"{Marker("_LOGIN__")}\n{login}{Marker("_LOGIN_END__")}\n";
        return new RemoteResult(0, stdout, "", "");
    }
}
