using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Sessions;

[Collection("sshd")]
public sealed class ServerStarterTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    private readonly ServerLayout layout = new("~/.rj-test-" + Guid.NewGuid().ToString("N")[..8]);

    private readonly CapturedLogs logs = new();

    private ServerStopper Stopper => new(LoggerFactory.CreateLogger<ServerStopper>()) { Grace = TimeSpan.FromSeconds(5) };

    private ServerStarter Starter => StarterLoggingTo(LoggerFactory);

    private ServerStarter StarterLoggingTo(ILoggerFactory factory) => new(
        new EnvironmentPreparer(factory.CreateLogger<EnvironmentPreparer>()),
        new JupyterLauncher(factory.CreateLogger<JupyterLauncher>(), Stopper),
        Stopper,
        new ServerClaimer(factory.CreateLogger<ServerClaimer>()),
        factory);

    [Fact]
    public async Task Starts_Jupyter_on_the_remote_and_runs_a_cell_through_the_tunnel_without_leaking_the_token()
    {
        // Everything logged at every level, SSH.NET's own logs included, is checked for the token below.
        using var everything = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), everything, TimeoutToken);
        var progress = new List<SessionProgress>();
        var venv = "~/.rj-test-venv";

        using var started = await StarterLoggingTo(everything).StartAsync(
            connection, new ServerStartOptions(new EnvironmentRequest(venv, SystemSitePackages: true), layout), new InlineProgress(progress.Add), TimeoutToken);

        try
        {
            // Reachable only through our loopback tunnel, with the token.
            Assert.Equal("127.0.0.1", started.LocalUrl.Host);
            using var client = new JupyterApiClient(started.LocalUrl, started.Token.Value);
            Assert.Contains("python3", (await client.ListKernelSpecsAsync(TimeoutToken)).Names);
            var kernel = await client.StartKernelAsync(null, TimeoutToken);
            var cell = await client.ExecuteAsync(kernel, "import sys; print(6*7); print(sys.prefix)", TimeoutToken);
            await client.ShutdownKernelAsync(kernel, TimeoutToken);
            Assert.Equal("ok", cell.Status);
            Assert.StartsWith("42\n", cell.Stdout, StringComparison.Ordinal);
            Assert.EndsWith(".rj-test-venv\n", cell.Stdout, StringComparison.Ordinal);

            // Stages were reported in order, each started and completed.
            Assert.Equal(
                [SessionStage.FindingServer, SessionStage.PreparingEnvironment, SessionStage.StartingServer, SessionStage.OpeningTunnel, SessionStage.Verifying],
                progress.Where(p => p.State == StageState.Completed).Select(p => p.Stage));

            // The token is in no process's argv, no log, and the state files are private.
            var token = started.Token.Value;
            Assert.DoesNotContain(TestHosts.AllCommandLines(), cmd => cmd.Contains(token, StringComparison.Ordinal));
            var files = await connection.Shell.RunAsync(
                $"cd {layout.QuotedServersDir}/{ShellQuote.Quote(started.Server.Id)} && stat -c '%a %n' . state.json pid server.log && cat server.log",
                TimeoutToken);
            Assert.Contains("700 .\n", files.Stdout, StringComparison.Ordinal);
            Assert.Contains("600 state.json\n", files.Stdout, StringComparison.Ordinal);
            Assert.Contains("600 server.log\n", files.Stdout, StringComparison.Ordinal);
            Assert.Contains("Jupyter Server", files.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(token, files.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(token, sshd.Host.ReadLog(), StringComparison.Ordinal);
            Assert.NotEmpty(logs.Lines);
            Assert.DoesNotContain(logs.Lines, line => line.Contains(token, StringComparison.Ordinal));

            // Jupyter listens on the remote's loopback only.
            var listening = await connection.Shell.RunAsync("cat /proc/net/tcp", TimeoutToken);
            Assert.Contains($"0100007F:{started.Server.Port:X4}", listening.Stdout, StringComparison.Ordinal);

            // The state file tells list what runs; stop ends it and removes its folder.
            var listed = Assert.Single(await new ServerLister().ListAsync(connection.Shell, layout, TimeoutToken));
            Assert.Equal((started.Server.Id, started.Server.Pid, true), (listed.Id, listed.Pid, listed.Alive));
            Assert.Equal("shut-down", await Stopper.StopAsync(connection.Shell, layout, started.Server.Id, TimeoutToken));
            Assert.Empty(await new ServerLister().ListAsync(connection.Shell, layout, TimeoutToken));
            // A zombie counts as gone: pid 1 in containers often never reaps orphans.
            var alive = await connection.Shell.RunAsync(
                $"s=$(sed 's/.*) //' /proc/{started.Server.Pid}/stat 2>/dev/null | cut -c1); [ -n \"$s\" ] && [ \"$s\" != Z ] && echo alive || echo gone", TimeoutToken);
            Assert.Equal("gone\n", alive.Stdout);
        }
        finally
        {
            // Whatever failed above, leave no server or venv behind for the next run.
            await Stopper.TryStopByIdAsync(connection.Shell, layout, started.Server.Id, CancellationToken.None);
            await connection.Shell.RunAsync("rm -rf " + ShellQuote.QuotePath(venv) + " " + ShellQuote.QuotePath(layout.Root), CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_environment_with_only_ipykernel_runs_the_kernels_of_a_server_from_another_python()
    {
        // A venv that sees Debian's packages but not jupyter_server: like a project env with ipykernel only.
        var env = $"~/.rj-kernel-only-{Guid.NewGuid().ToString("N")[..8]}";
        const string Block = "import sys; exec(\"class B:\\n def find_spec(s, n, p=None, t=None):\\n  if n.split('.')[0] == 'jupyter_server': raise ModuleNotFoundError(n)\\n\"); sys.meta_path.insert(0, B())";
        using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
        var quoted = ShellQuote.QuotePath(env);
        await connection.Shell.RunAsync(
            $"/usr/bin/python3 -m venv --without-pip {quoted} && site=$(echo {quoted}/lib/python3*/site-packages) && " +
            $"echo /usr/lib/python3/dist-packages > \"$site/debian.pth\" && printf '%s\\n' {ShellQuote.Quote(Block)} > \"$site/zz_block.pth\"",
            TimeoutToken);
        StartedServer? started = null;
        try
        {
            var progress = new List<SessionProgress>();
            started = await Starter.StartAsync(
                connection, new ServerStartOptions(new EnvironmentRequest(EnvironmentPath: env), layout), new InlineProgress(progress.Add), TimeoutToken);

            var home = (await connection.Shell.RunAsync("printf '%s' \"$HOME\"", TimeoutToken)).Stdout;
            Assert.Equal("/usr/bin/python3", started.Environment.PythonPath);
            Assert.Equal($"{home}/{env[2..]}/bin/python3", started.Environment.KernelPythonPath);
            Assert.Contains(progress, p => p.Message.Contains("kernels from", StringComparison.Ordinal));
            using var client = new JupyterApiClient(started.LocalUrl, started.Token.Value);
            var kernel = await client.StartKernelAsync(null, TimeoutToken);
            var cell = await client.ExecuteAsync(kernel, "import sys, importlib.util as u; print(sys.prefix); print(u.find_spec('ipykernel') is not None)", TimeoutToken);
            await client.ShutdownKernelAsync(kernel, TimeoutToken);
            Assert.Equal($"{home}/{env[2..]}\nTrue\n", cell.Stdout);
        }
        finally
        {
            if (started is not null)
            {
                await Stopper.TryStopByIdAsync(connection.Shell, layout, started.Server.Id, CancellationToken.None);
                started.Dispose();
            }

            await connection.Shell.RunAsync("rm -rf " + quoted + " " + ShellQuote.QuotePath(layout.Root), CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_taken_remote_port_is_reported_and_nothing_stays_behind()
    {
        // Remote and local are the same machine here, so a local listener occupies the remote port.
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        using var connection = await OpenAsync();

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => Starter.StartAsync(
            connection, new ServerStartOptions(new EnvironmentRequest(), layout, RemotePort: port), null, TimeoutToken));

        Assert.Equal(ErrorCode.RemotePortInUse, error.Code);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Empty(await new ServerLister().ListAsync(connection.Shell, layout, TimeoutToken));
        await RemoveLayoutAsync(connection);
    }

    [Fact]
    public async Task A_taken_local_port_is_reported_and_the_server_it_started_is_stopped()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        using var connection = await OpenAsync();

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => Starter.StartAsync(
            connection, new ServerStartOptions(new EnvironmentRequest(), layout, LocalPort: port), null, TimeoutToken));

        Assert.Equal(ErrorCode.LocalPortInUse, error.Code);
        Assert.Empty(await new ServerLister().ListAsync(connection.Shell, layout, TimeoutToken));
        await RemoveLayoutAsync(connection);
    }

    [Fact]
    public async Task Cancelling_while_Jupyter_starts_stops_what_was_started()
    {
        using var connection = await OpenAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken);
        var progress = new InlineProgress(p =>
        {
            if (p is { Stage: SessionStage.StartingServer, State: StageState.Starting })
            {
                // Well inside the launch script's wait for /api/status (jupyter_server needs about 0.5 s to answer);
                // at 400 ms a fast run had already finished starting.
                cancel.CancelAfter(TimeSpan.FromMilliseconds(150));
            }
        });

        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Starter.StartAsync(
                connection, new ServerStartOptions(new EnvironmentRequest(), layout), progress, cancel.Token));

            // The remote script may still be finishing; give it a moment, then nothing of ours may run.
            await Task.Delay(TimeSpan.FromSeconds(2), TimeoutToken);
            var servers = await new ServerLister().ListAsync(connection.Shell, layout, TimeoutToken);
            Assert.DoesNotContain(servers, s => s.Alive);
            var jupyters = await connection.Shell.RunAsync(
                $"grep -l {ShellQuote.Quote(layout.Root.Replace("~/", "", StringComparison.Ordinal))} /proc/[0-9]*/environ 2>/dev/null | wc -l", TimeoutToken);
            Assert.Equal("0", jupyters.Stdout.Trim());
        }
        finally
        {
            // Also when the start won the race: no server of this test may outlive it.
            await TestHosts.CleanUpAsync(sshd.Host, layout.Root);
        }
    }

    private Task<SshConnection> OpenAsync() =>
        SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);

    private async Task RemoveLayoutAsync(SshConnection connection) =>
        await connection.Shell.RunAsync("rm -rf " + ShellQuote.QuotePath(layout.Root), CancellationToken.None);

    private sealed class InlineProgress(Action<SessionProgress> report) : IProgress<SessionProgress>
    {
        public void Report(SessionProgress value) => report(value);
    }
}
