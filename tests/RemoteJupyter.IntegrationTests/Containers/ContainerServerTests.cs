using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Containers;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Containers;

/// <summary>
/// Container environments against real rootless Podman as the SSH test user: discovery, a kernel through the tunnel,
/// file ownership in the mounted folder, no token in any argv, reattach after the client goes away, stop, logs, and
/// the clear failures (an image without Jupyter, a broken Dockerfile).
/// </summary>
[Collection("sshd")]
public sealed class ContainerServerTests(PodmanFixture podman, ITestOutputHelper output) : TestBase(output), IClassFixture<PodmanFixture>, IAsyncLifetime
{
    private readonly ServerLayout layout = new("~/.rj-ctr-" + Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Whatever a failed test left: its servers (containers included) and state folder.</summary>
    public async Task DisposeAsync() => await TestHosts.CleanUpAsync(podman.Host, layout.Root);

    private ServerStopper Stopper => new(LoggerFactory.CreateLogger<ServerStopper>()) { Grace = TimeSpan.FromSeconds(3), ShutdownGrace = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Finds_rootless_podman_and_the_test_images()
    {
        using var connection = await ConnectAsync();
        var watch = Stopwatch.StartNew();
        var inventory = await new ContainerEngineDetector(LoggerFactory.CreateLogger<ContainerEngineDetector>())
            .DetectAsync(connection.Shell, includeImages: true, TimeoutToken);
        Output.WriteLine($"detected in {watch.ElapsedMilliseconds} ms: " + string.Join(", ", inventory.Engines));

        var engine = Assert.Single(inventory.Engines, e => e.Command == "podman");
        Output.WriteLine(engine.ToString());
        Assert.True(engine.Usable, engine.Problem);
        Assert.True(engine.Rootless);
        Assert.StartsWith("4.", engine.Version, StringComparison.Ordinal);
        // Other suites on this machine may re-import the test images meanwhile: say what was listed when one is missing.
        var listed = string.Join(", ", inventory.Images.Select(i => $"{i.Name} ({i.Id})"));
        var image = inventory.Images.FirstOrDefault(i => i.Name == podman.Image);
        Assert.True(image is not null, $"{podman.Image} not among: {listed}");
        Assert.Equal("podman", image.Engine);
        Assert.True(image.SizeBytes > 100_000_000);
        Assert.True(inventory.Images.Any(i => i.Name == podman.NoJupyterImage), $"{podman.NoJupyterImage} not among: {listed}");

        // The shim-less docker client here has no daemon: found, and said so plainly.
        if (inventory.Engines.FirstOrDefault(e => e.Command == "docker") is { } docker)
        {
            Assert.False(docker.Usable);
            Assert.Contains("daemon is not running", docker.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Runs_a_kernel_in_a_container_reattaches_after_the_client_goes_away_and_stops_leaving_nothing()
    {
        var workdir = podman.Host.UserHome + "/.rj-ctr-work-" + Guid.NewGuid().ToString("N")[..8];
        await podman.SshAsync("mkdir -p " + ShellQuote.Quote(workdir), TimeoutToken);
        var options = new ServerStartOptions(new(), layout, workdir) { Container = new ContainerRequest(podman.Image, Engine: "podman") };
        string serverId;
        string kernel;
        var watch = Stopwatch.StartNew();
        using (var first = await ConnectAsync())
        {
            using var started = await TestStarters.Starter(LoggerFactory).StartAsync(first, options, null, TimeoutToken);
            Output.WriteLine($"started in {watch.ElapsedMilliseconds} ms: {started.Server.Container} on port {started.Server.Port}");
            serverId = started.Server.Id;
            Assert.False(started.Reused);
            Assert.Equal("remote-jupyter-" + serverId, started.Server.Container);
            Assert.Single(await podman.ListContainersAsync(serverId, TimeoutToken));

            // The token is in no process's argv on the host (podman, conmon, runc, Jupyter, the kernel).
            Assert.DoesNotContain(TestHosts.AllCommandLines(), line => line.Contains(started.Token.Value, StringComparison.Ordinal));

            using var client = new JupyterApiClient(started.LocalUrl, started.Token.Value);
            kernel = await client.StartKernelAsync(null, TimeoutToken);
            var cell = await client.ExecuteAsync(kernel, "import os; x = 41; open('from-kernel.txt', 'w').write('hi'); print(os.getcwd())", TimeoutToken);
            Assert.Equal("ok", cell.Status);
            Assert.Equal(workdir + "\n", cell.Stdout);
            Assert.DoesNotContain(TestHosts.AllCommandLines(), line => line.Contains(started.Token.Value, StringComparison.Ordinal));
        }

        // Files the kernel wrote in the mounted folder belong to the person on the host.
        var owner = await podman.SshAsync("stat -c %U " + ShellQuote.Quote(workdir + "/from-kernel.txt"), TimeoutToken);
        Assert.Equal(podman.Host.UserName, owner.Stdout.Trim());

        // The client went away (tunnel and connection closed): a new one finds the same container, kernel and variable.
        using (var second = await ConnectAsync())
        {
            watch.Restart();
            using var again = await TestStarters.Starter(LoggerFactory).StartAsync(second, options, null, TimeoutToken);
            Output.WriteLine($"reattached in {watch.ElapsedMilliseconds} ms");
            Assert.True(again.Reused);
            Assert.Equal(serverId, again.Server.Id);
            using var client = new JupyterApiClient(again.LocalUrl, again.Token.Value);
            Assert.Contains(kernel, await client.ListKernelIdsAsync(TimeoutToken));
            var cell = await client.ExecuteAsync(kernel, "print(x + 1)", TimeoutToken);
            Assert.Equal("42\n", cell.Stdout);

            var listed = Assert.Single(await new ServerLister().ListAsync(second.Shell, layout, TimeoutToken));
            Assert.Equal(("podman", podman.Image), (listed.Engine, listed.Image));
            Assert.True(listed.Health?.Responding);

            var (path, text) = await new ServerLogReader().TailAsync(second.Shell, layout, serverId, 50, TimeoutToken);
            Assert.Equal("podman logs remote-jupyter-" + serverId, path);
            Assert.Contains("Jupyter Server", text, StringComparison.Ordinal);
            Assert.DoesNotContain(again.Token.Value, text, StringComparison.Ordinal);

            // logs -f: the engine's own follow, ended by a cancel.
            using (var follow = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken))
            {
                var followed = 0;
                var sink = new SynchronousProgress<string>(_ =>
                {
                    if (Interlocked.Increment(ref followed) == 3)
                    {
                        follow.Cancel();
                    }
                });
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ServerLogReader().FollowAsync(second.Shell, layout, serverId, 3, sink, follow.Token));
                Assert.True(followed >= 3);
            }

            watch.Restart();
            Assert.Equal("shut-down", await Stopper.StopAsync(second.Shell, layout, serverId, TimeoutToken));
            Output.WriteLine($"stopped in {watch.ElapsedMilliseconds} ms");
            Assert.Empty(await podman.ListContainersAsync(serverId, TimeoutToken));
            Assert.Empty(await new ServerLister().ListAsync(second.Shell, layout, TimeoutToken));
        }

        await podman.SshAsync("rm -rf " + ShellQuote.Quote(workdir) + " " + ShellQuote.QuotePath(layout.Root), CancellationToken.None);
    }

    [Fact]
    public async Task A_container_that_exits_is_reported_with_its_exit_code_and_last_log_lines()
    {
        using var connection = await ConnectAsync();
        var starter = TestStarters.Starter(LoggerFactory);
        var before = await podman.ListContainersAsync(null, TimeoutToken);

        // During start-up: Jupyter refuses a root folder that does not exist and the container exits; nothing is left.
        var broken = new ServerStartOptions(new(), layout, Settings: new ServerSettings(ExtraArgs: ["--ServerApp.root_dir=/nonexistent-rj"]))
        {
            Container = new ContainerRequest(podman.Image),
        };
        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => starter.StartAsync(connection, broken, null, TimeoutToken));
        Output.WriteLine(error.Message);
        Assert.Equal(ErrorCode.ServerStartFailed, error.Code);
        Assert.Contains("The container exited during start-up with exit code 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent-rj", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await podman.ListContainersAsync(null, TimeoutToken));

        // Later: the container is killed under a running server; listing shows its exit code and log until it is stopped.
        var options = new ServerStartOptions(new(), layout) { Container = new ContainerRequest(podman.Image) };
        using (var started = await starter.StartAsync(connection, options, null, TimeoutToken))
        {
            await podman.PodmanAsync(["kill", started.Server.Container!], TimeoutToken);
            await podman.PodmanAsync(["wait", started.Server.Container!], TimeoutToken);
            var listed = Assert.Single(await new ServerLister().ListAsync(connection.Shell, layout, TimeoutToken));
            Assert.False(listed.Alive);
            Assert.Equal(137, listed.ExitCode);
            Assert.Contains(listed.LastLogLines!, line => line.Contains("Jupyter Server", StringComparison.Ordinal));

            Assert.Equal("not-running", await Stopper.StopAsync(connection.Shell, layout, started.Server.Id, TimeoutToken));
            Assert.Empty(await podman.ListContainersAsync(started.Server.Id, TimeoutToken));
            Assert.Empty(await new ServerLister().ListAsync(connection.Shell, layout, TimeoutToken));
        }

        await podman.SshAsync("rm -rf " + ShellQuote.QuotePath(layout.Root), CancellationToken.None);
    }

    [Fact]
    public async Task An_image_without_Jupyter_says_what_to_add_to_the_Dockerfile()
    {
        using var connection = await ConnectAsync();
        var options = new ServerStartOptions(new(), layout) { Container = new ContainerRequest(podman.NoJupyterImage) };
        var before = await podman.ListContainersAsync(null, TimeoutToken);

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => TestStarters.Starter(LoggerFactory).StartAsync(connection, options, null, TimeoutToken));

        Output.WriteLine(error.Message);
        Assert.Equal(ErrorCode.ImageWithoutJupyter, error.Code);
        Assert.Contains("not jupyter_server", error.Message, StringComparison.Ordinal);
        Assert.Contains("RUN pip install jupyter_server", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y python3-jupyter-server", error.Message, StringComparison.Ordinal);

        // Other suites may run containers as the same user meanwhile: only this test's would be new.
        Assert.Equal(before, await podman.ListContainersAsync(null, TimeoutToken));
    }

    [Fact]
    public async Task A_broken_Dockerfile_shows_its_build_error_and_a_good_one_builds_and_runs()
    {
        var root = podman.Host.UserHome + "/.rj-ctr-build-" + Guid.NewGuid().ToString("N")[..8];
        var broken = root + "/broken";
        var good = root + "/good";
        await podman.SshAsync(
            $"mkdir -p {ShellQuote.Quote(broken)} {ShellQuote.Quote(good)} && " +
            $"printf 'FROM {podman.Image}\\nRUN echo about to fail && exit 7\\n' > {ShellQuote.Quote(broken + "/Dockerfile")} && " +
            $"printf 'FROM {podman.Image}\\nRUN echo built > /etc/rj-built\\n' > {ShellQuote.Quote(good + "/Dockerfile")}",
            TimeoutToken);
        using var connection = await ConnectAsync();
        try
        {
            var lines = new List<string>();
            var progress = new Progress<SessionProgress>(p => { if (p.State == StageState.Output) { lines.Add(p.Message); } });
            var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => TestStarters.Starter(LoggerFactory).StartAsync(
                connection, new ServerStartOptions(new(), layout) { Container = new ContainerRequest(DockerfileDirectory: broken) }, progress, TimeoutToken));
            Output.WriteLine(error.Message);
            Assert.Equal(ErrorCode.ImageBuildFailed, error.Code);
            Assert.Contains("about to fail", error.Message, StringComparison.Ordinal);

            var watch = Stopwatch.StartNew();
            using var started = await TestStarters.Starter(LoggerFactory).StartAsync(
                connection, new ServerStartOptions(new(), layout, root) { Container = new ContainerRequest(DockerfileDirectory: good) }, null, TimeoutToken);
            Output.WriteLine($"built and started in {watch.ElapsedMilliseconds} ms");
            Assert.Equal("remote-jupyter/good:latest", started.Server.Image);
            using var client = new JupyterApiClient(started.LocalUrl, started.Token.Value);
            var kernel = await client.StartKernelAsync(null, TimeoutToken);
            var cell = await client.ExecuteAsync(kernel, "print(open('/etc/rj-built').read().strip())", TimeoutToken);
            Assert.Equal("built\n", cell.Stdout);
            await Stopper.StopAsync(connection.Shell, layout, started.Server.Id, TimeoutToken);
        }
        finally
        {
            await podman.SshAsync("rm -rf " + ShellQuote.Quote(root) + " " + ShellQuote.QuotePath(layout.Root) + "; podman rmi -f remote-jupyter/good:latest", CancellationToken.None);
        }
    }

    private Task<SshConnection> ConnectAsync() =>
        SshConnection.OpenAsync(TestHosts.Resolve(podman.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
}
