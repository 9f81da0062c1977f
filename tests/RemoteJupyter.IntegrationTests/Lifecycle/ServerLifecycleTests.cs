using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Faults;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Lifecycle;

/// <summary>
/// The lifecycle of servers on a real sshd + jupyter_server: reattach in at most three remote commands, one server
/// for concurrent connects, private state, graceful stop that leaves nothing, log follow, memory caps and tmux.
/// Each test has its own state folder, so counting processes and files never sees another test's servers.
/// </summary>
[Collection("sshd")]
public sealed class ServerLifecycleTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output), IAsyncLifetime
{
    private static readonly EnvironmentRequest SystemPython = new(PythonPath: "/usr/bin/python3");

    private readonly ServerLayout layout = new("~/.rj-life-" + Guid.NewGuid().ToString("N")[..8]);

    private readonly CapturedLogs logs = new();

    private string Root => RemoteProcesses.Root(layout, sshd.Host.UserHome);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestHosts.CleanUpAsync(sshd.Host, layout.Root);

    [Fact]
    public async Task A_second_connect_reattaches_in_at_most_three_remote_commands_and_stop_leaves_nothing()
    {
        using var everything = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        using var first = await ConnectAsync(everything);
        using var started = await Starter(everything).StartAsync(first, Options(), null, TimeoutToken);
        Assert.False(started.Reused);

        // A new client (a restarted sidecar, another window): fresh connection, fresh shell, fresh token store.
        var clock = Stopwatch.StartNew();
        using var second = await ConnectAsync(everything);
        var connected = clock.Elapsed;
        using var again = await Starter(everything).StartAsync(second, Options(), null, TimeoutToken);
        var total = clock.Elapsed;
        var commands = second.Shell.CommandCount;
        Output.WriteLine($"reattach: connect {connected.TotalMilliseconds:0} ms, ready after {total.TotalMilliseconds:0} ms in all, {commands} remote command(s)");

        Assert.True(again.Reused);
        Assert.Equal(started.Server.Id, again.Server.Id);
        Assert.Equal(started.Token.Value, again.Token.Value);
        Assert.InRange(commands, 1, 3);
        Assert.NotEqual(started.LocalUrl, again.LocalUrl);
        using (var client = new JupyterApiClient(again.LocalUrl, again.Token.Value))
        {
            await client.GetStatusAsync(TimeoutToken);
        }

        // Private state, and the token nowhere but where Jupyter itself keeps it (its 0600 runtime file).
        Assert.Empty(RemoteProcesses.NotPrivate(Root));
        var token = started.Token.Value;
        Assert.DoesNotContain(TestHosts.AllCommandLines(), cmd => cmd.Contains(token, StringComparison.Ordinal));
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(token, sshd.Host.ReadLog(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(Path.Combine(Root, "servers", started.Server.Id, "server.log"), TimeoutToken), StringComparison.Ordinal);

        // Stop: Jupyter's own shutdown, then no process and no state left.
        Assert.Single(RemoteProcesses.Servers(Root));
        var how = await Stopper().StopAsync(second.Shell, layout, started.Server.Id, TimeoutToken);
        Assert.Equal("shut-down", how);
        Assert.Empty(RemoteProcesses.Under(Root));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(Root, "servers")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(Root, "locks")));
    }

    [Fact]
    public async Task Two_concurrent_connects_for_the_same_environment_start_exactly_one_server()
    {
        using var a = await ConnectAsync(LoggerFactory);
        using var b = await ConnectAsync(LoggerFactory);
        var starts = await Task.WhenAll(
            Starter(LoggerFactory).StartAsync(a, Options(), null, TimeoutToken),
            Starter(LoggerFactory).StartAsync(b, Options(), null, TimeoutToken));
        try
        {
            Assert.Equal(starts[0].Server.Id, starts[1].Server.Id);
            Assert.Equal(1, starts.Count(s => s.Reused));
            Assert.Single(RemoteProcesses.Servers(Root));
            Assert.Single(await new ServerLister().ListAsync(a.Shell, layout, TimeoutToken));
        }
        finally
        {
            foreach (var started in starts)
            {
                started.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_different_folder_gets_its_own_server_and_new_forces_another()
    {
        using var connection = await ConnectAsync(LoggerFactory);
        using var home = await Starter(LoggerFactory).StartAsync(connection, Options(), null, TimeoutToken);
        using var tmp = await Starter(LoggerFactory).StartAsync(connection, Options() with { WorkingDirectory = "/tmp" }, null, TimeoutToken);
        using var fresh = await Starter(LoggerFactory).StartAsync(connection, Options() with { Reuse = false }, null, TimeoutToken);

        Assert.False(tmp.Reused);
        Assert.False(fresh.Reused);
        Assert.Equal(3, new[] { home.Server.Id, tmp.Server.Id, fresh.Server.Id }.Distinct().Count());
        var listed = await new ServerLister().ListAsync(connection.Shell, layout, TimeoutToken);
        Assert.Equal(3, listed.Count);
        Assert.All(listed, s => Assert.True(s.Health is { Responding: true, Kernels: 0, RssBytes: > 0 }, $"{s.Id}: {s.Health}"));
    }

    [Fact]
    public async Task List_reports_kernels_and_memory_and_cleans_a_record_whose_process_is_gone()
    {
        using var connection = await ConnectAsync(LoggerFactory);
        using var started = await Starter(LoggerFactory).StartAsync(connection, Options(), null, TimeoutToken);
        using var client = new JupyterApiClient(started.LocalUrl, started.Token.Value);
        await client.StartKernelAsync(null, TimeoutToken);

        // A record left by a server that died without clean-up (pid 999999 cannot exist: pid_max is lower).
        var stale = Path.Combine(Root, "servers", "deadbeef0000");
        await connection.Shell.RunAsync(
            $"d={layout.QuotedServersDir}/deadbeef0000; mkdir \"$d\" && echo 999999 >\"$d/pid\" && echo '{{\"id\":\"deadbeef0000\",\"pid\":999999,\"port\":1}}' >\"$d/state.json\"",
            TimeoutToken);
        Assert.True(Directory.Exists(stale));

        var listed = Assert.Single(await new ServerLister().ListAsync(connection.Shell, layout, TimeoutToken));
        Assert.Equal(started.Server.Id, listed.Id);
        Assert.Equal(1, listed.Health?.Kernels);
        Assert.InRange(listed.Health?.RssBytes ?? 0, 40L << 20, 4L << 30);
        Assert.False(Directory.Exists(stale));
    }

    [Fact]
    public async Task Following_the_log_delivers_a_new_line_within_a_second()
    {
        using var connection = await ConnectAsync(LoggerFactory);
        using var started = await Starter(LoggerFactory).StartAsync(connection, Options(), null, TimeoutToken);
        var lines = new System.Collections.Concurrent.BlockingCollection<(string Line, long At)>();
        using var follow = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken);
        var reader = new ServerLogReader();
        var following = reader.FollowAsync(
            connection.Shell, layout, started.Server.Id, 5, new SynchronousProgress<string>(l => lines.Add((l, Stopwatch.GetTimestamp()))), follow.Token);

        // The last lines come first: the end of the server's start-up output.
        var first = new List<string> { Next(lines).Line };
        while (lines.TryTake(out var more, TimeSpan.FromMilliseconds(300)))
        {
            first.Add(more.Line);
        }

        Assert.Equal(5, first.Count);
        Assert.Contains(first, l => l.Contains("ServerApp", StringComparison.Ordinal));

        var marker = "rj-follow-" + Guid.NewGuid().ToString("N")[..8];
        var written = Stopwatch.GetTimestamp();
        await connection.Shell.RunAsync($"printf '%s\\n' {marker} >>{layout.QuotedServersDir}/{started.Server.Id}/server.log", TimeoutToken);
        var (line, at) = Next(lines);
        var delay = Stopwatch.GetElapsedTime(written, at);
        Output.WriteLine($"log line arrived {delay.TotalMilliseconds:0} ms after the write began");
        Assert.Equal(marker, line);
        Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromSeconds(1));

        await follow.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following);
    }

    [Fact]
    public async Task A_memory_capped_kernel_fails_to_allocate_beyond_the_cap_and_the_server_survives()
    {
        using var connection = await ConnectAsync(LoggerFactory);
        var capped = Options() with { Settings = new ServerSettings(MemoryLimitMb: 1536) };
        using var started = await Starter(LoggerFactory).StartAsync(connection, capped, null, TimeoutToken);
        Assert.Equal("ulimit", started.Server.MemoryLimit);
        using var client = new JupyterApiClient(started.LocalUrl, started.Token.Value);
        var kernel = await client.StartKernelAsync(null, TimeoutToken);

        var big = await client.ExecuteAsync(kernel, "b = bytearray(3 * 1024**3)", TimeoutToken);
        Assert.Equal(("error", "MemoryError"), (big.Status, big.ErrorName));
        var small = await client.ExecuteAsync(kernel, "b = bytearray(100 * 1024**2); print(len(b) // 1024**2)", TimeoutToken);
        Assert.Equal("100\n", small.Stdout);
        await client.GetStatusAsync(TimeoutToken);
        Assert.Single(RemoteProcesses.Servers(Root));
    }

    [Fact]
    public async Task A_tmux_server_is_reattached_keeps_the_token_out_of_tmux_and_is_stopped_with_its_session()
    {
        using var connection = await ConnectAsync(LoggerFactory);
        var inTmux = Options() with { Settings = new ServerSettings(Persistence: ServerPersistence.Tmux) };
        using var started = await Starter(LoggerFactory).StartAsync(connection, inTmux, null, TimeoutToken);
        var session = "remote-jupyter-" + started.Server.Id;
        Assert.Equal(("tmux", session), (started.Server.Persistence, started.Server.TmuxSession));
        Assert.Equal("yes\n", (await connection.Shell.RunAsync($"tmux has-session -t {session} && echo yes", TimeoutToken)).Stdout);
        var tmuxEnvironment = await connection.Shell.RunAsync($"tmux show-environment -g; tmux show-environment -t {session}", TimeoutToken);
        Assert.DoesNotContain(started.Token.Value, tmuxEnvironment.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(TestHosts.AllCommandLines(), cmd => cmd.Contains(started.Token.Value, StringComparison.Ordinal));

        // The pane's output goes to the same log, so logs work as for a detached server.
        var (_, text) = await new ServerLogReader().TailAsync(connection.Shell, layout, started.Server.Id, 50, TimeoutToken);
        Assert.Contains("Jupyter Server", text, StringComparison.Ordinal);

        using var second = await ConnectAsync(LoggerFactory);
        using var again = await Starter(LoggerFactory).StartAsync(second, Options(), null, TimeoutToken);
        Assert.True(again.Reused);
        Assert.Equal(started.Server.Id, again.Server.Id);

        Assert.Equal("shut-down", await Stopper().StopAsync(second.Shell, layout, started.Server.Id, TimeoutToken));
        Assert.Equal("no\n", (await second.Shell.RunAsync($"tmux has-session -t {session} 2>/dev/null && echo yes || echo no", TimeoutToken)).Stdout);
        Assert.Empty(RemoteProcesses.Under(Root));
    }

    [Fact]
    public async Task A_start_lock_held_by_a_live_connection_makes_others_wait_and_one_whose_connection_died_is_broken()
    {
        var target = ServerClaimTarget.For(SystemPython, null);
        using var owner = await ConnectAsync(LoggerFactory);
        var held = Assert.IsType<ServerClaim.Acquired>(await Claimer(TimeSpan.FromMinutes(3)).ClaimAsync(owner.Shell, layout, target, true, TimeoutToken));
        Assert.True(Directory.Exists(Path.Combine(Root, "locks", Path.GetFileName(held.LockPath))));

        using var other = await ConnectAsync(LoggerFactory);
        var busy = await Assert.ThrowsAsync<RemoteJupyterException>(
            () => Claimer(TimeSpan.FromSeconds(1)).ClaimAsync(other.Shell, layout, target, true, TimeoutToken));
        Assert.Equal(ErrorCode.ServerBusy, busy.Code);

        // The owner's sidecar vanished: its sshd session is gone, so the lock is stale at once, not after minutes.
        (await SshdSession.OfAsync(owner, TimeoutToken)).End();
        var clock = Stopwatch.StartNew();
        var taken = Assert.IsType<ServerClaim.Acquired>(await Claimer(TimeSpan.FromMinutes(3)).ClaimAsync(other.Shell, layout, target, true, TimeoutToken));
        Assert.Equal(held.LockPath, taken.LockPath);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        await Claimer(TimeSpan.FromSeconds(1)).ReleaseAsync(other.Shell, taken.LockPath, TimeoutToken);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(Root, "locks")));
    }

    private ServerClaimer Claimer(TimeSpan wait) => new(LoggerFactory.CreateLogger<ServerClaimer>()) { WaitForOtherStart = wait };

    private static (string Line, long At) Next(System.Collections.Concurrent.BlockingCollection<(string Line, long At)> lines) =>
        lines.TryTake(out var item, TimeSpan.FromSeconds(10)) ? item : throw new TimeoutException("No log line within 10 s.");

    private ServerStartOptions Options() => new(SystemPython, layout);

    private Task<SshConnection> ConnectAsync(ILoggerFactory factory) =>
        SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), factory, TimeoutToken);

    private ServerStopper Stopper() => TestStarters.Stopper(LoggerFactory);

    private static ServerStarter Starter(ILoggerFactory factory) => TestStarters.Starter(factory);
}
