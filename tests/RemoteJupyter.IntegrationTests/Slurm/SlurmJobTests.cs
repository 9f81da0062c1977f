using System.Diagnostics;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Slurm;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Rpc;
using StreamJsonRpc;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Slurm;

[Collection("sshd")]
public sealed partial class SlurmJobTests(SlurmFixture slurm, ITestOutputHelper output) : TestBase(output), IClassFixture<SlurmFixture>, IAsyncLifetime
{
    private readonly ServerLayout layout = new("~/.rj-slurm-" + Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Whatever a failed test left: its jobs and state folder.</summary>
    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await slurm.CancelAllAsync(timeout.Token);
        await TestHosts.CleanUpAsync(slurm.Host, layout.Root);
    }

    private SlurmJobs Jobs => new(LoggerFactory) { StartTimeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_job_submitted_by_the_test_user_over_ssh_runs_as_that_user()
    {
        Output.WriteLine($"cluster idle after {slurm.StartDuration.TotalSeconds:F1} s");
        var submitted = await slurm.SshLoginAsync("sbatch --parsable -o /dev/null --wrap 'sleep 30'", TimeoutToken);
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        var jobId = submitted.Stdout.Trim();
        Assert.Matches("^[0-9]+$", jobId);
        var user = await slurm.RunLocalAsync("/usr/bin/squeue", ["-h", "-j", jobId, "-o", "%u"], TimeoutToken);
        Assert.Equal(slurm.Host.UserName, user.Trim());
        await slurm.CancelAllAsync(TimeoutToken);
        Assert.Empty(await slurm.ActiveJobsAsync(TimeoutToken));
    }

    [Fact]
    public async Task Detects_slurm_and_its_partition_in_the_login_environment()
    {
        using var connection = await ConnectAsync();
        var watch = Stopwatch.StartNew();
        var detection = await new SlurmDetector().DetectAsync(connection.Shell, TimeoutToken);
        Output.WriteLine($"{watch.ElapsedMilliseconds} ms: {detection}");
        Assert.True(detection.Available, detection.Error);
        Assert.Equal(slurm.ConfPath, detection.SlurmConf);
        Assert.StartsWith("slurm-wlm 22.", detection.Version, StringComparison.Ordinal);
        var partition = Assert.Single(detection.Partitions);
        Assert.Equal((SlurmFixture.Partition, true, 1), (partition.Name, partition.IsDefault, partition.IdleNodes));
    }

    [Fact]
    public async Task Runs_a_cell_on_the_node_reattaches_to_the_same_kernel_and_stop_leaves_no_job_and_no_process()
    {
        var watch = Stopwatch.StartNew();
        string id;
        string kernel;
        using (var first = await ConnectAsync())
        {
            using var server = await Jobs.StartAsync(first, layout, new SlurmRequest(SlurmFixture.Partition, "10", Cpus: 1), 0, new RecordingPrompts(), null, TimeoutToken);
            Output.WriteLine($"sbatch → answering through the tunnel in {watch.ElapsedMilliseconds} ms: job {server.Status.JobId} on {server.Endpoint}");
            id = server.Id;
            Assert.Equal((SlurmFixture.NodeName, "loopback", "direct"), (server.Endpoint.Node, server.Endpoint.Mode, server.Access));
            Assert.InRange(server.Status.TimeLeftSeconds ?? 0, 1, 600);
            Assert.DoesNotContain(TestHosts.AllCommandLines(), line => line.Contains(server.Token.Value, StringComparison.Ordinal));

            using var client = new JupyterApiClient(server.LocalUrl, server.Token.Value);
            kernel = await client.StartKernelAsync(null, TimeoutToken);
            var cell = await client.ExecuteAsync(kernel, "import os; x = 41; print(os.environ['SLURM_JOB_ID'])", TimeoutToken);
            Assert.Equal(server.Status.JobId, cell.Stdout.Trim());
        }

        // The client went away (tunnel and connection closed); the job and its kernel did not.
        using var second = await ConnectAsync();
        var job = Assert.Single(await SlurmJobs.ListAsync(second.Shell, layout, TimeoutToken));
        Assert.Equal((id, "RUNNING"), (job.Id, job.Status.State));
        using (var again = await Jobs.AttachAsync(second, layout, id, 0, null, new RecordingPrompts(), TimeoutToken))
        {
            Assert.True(again.Reattached);
            using var client = new JupyterApiClient(again.LocalUrl, again.Token.Value);
            Assert.Contains(kernel, await client.ListKernelIdsAsync(TimeoutToken));
            Assert.Equal("42", (await client.ExecuteAsync(kernel, "print(x + 1)", TimeoutToken)).Stdout.Trim());
        }

        watch.Restart();
        Assert.Equal("shut-down", await Jobs.StopAsync(second.Shell, layout, id, TimeoutToken));
        Output.WriteLine($"stopped in {watch.ElapsedMilliseconds} ms");
        Assert.Empty(await slurm.ActiveJobsAsync(TimeoutToken));
        Assert.Empty(await SlurmJobs.ListAsync(second.Shell, layout, TimeoutToken));
        Assert.DoesNotContain(TestHosts.AllCommandLines(), line => line.Contains("jupyter_server", StringComparison.Ordinal) && line.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(TestHosts.AllCommandLines(), line => line.Contains("ipykernel_launcher", StringComparison.Ordinal) && line.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shows_pending_with_its_reason_and_a_cancel_while_pending_leaves_no_job()
    {
        var blocker = await slurm.SshLoginAsync("sbatch --parsable -o /dev/null -c 2 --wrap 'sleep 60'", TimeoutToken);
        Assert.True(blocker.ExitCode == 0, blocker.Stderr);
        using var connection = await ConnectAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken);
        var messages = new List<string>();
        var progress = new SynchronousProgress<SessionProgress>(p =>
        {
            lock (messages)
            {
                messages.Add(p.Message);
            }

            if (p.Message.Contains("PENDING", StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Jobs.StartAsync(connection, layout, new SlurmRequest(Cpus: 1), 0, new RecordingPrompts(), progress, cancel.Token));
        Output.WriteLine(string.Join('\n', messages));
        Assert.Contains(messages, m => m.Contains("PENDING (Resources)", StringComparison.Ordinal) || m.Contains("PENDING (Priority)", StringComparison.Ordinal));
        Assert.Equal([blocker.Stdout.Trim()], await slurm.ActiveJobsAsync(TimeoutToken));
        Assert.Empty(await SlurmJobs.ListAsync(connection.Shell, layout, TimeoutToken));
    }

    [Fact]
    public async Task A_job_past_its_time_limit_is_reported_as_timeout_with_its_log()
    {
        using var connection = await ConnectAsync();
        string id;
        string jobId;
        using (var server = await Jobs.StartAsync(connection, layout, new SlurmRequest(Time: "1"), 0, new RecordingPrompts(), null, TimeoutToken))
        {
            (id, jobId) = (server.Id, server.Status.JobId);
            Assert.InRange(server.Status.TimeLeftSeconds ?? 0, 1, 60);
        }

        // --time 1 (one minute, Slurm's smallest) would take 60–90 s: end the walltime now instead. slurmctld still
        // enforces it on its own periodic check (up to 30 s), then the job is COMPLETING until its processes are gone.
        var watch = Stopwatch.StartNew();
        await slurm.RunLocalAsync("/usr/bin/scontrol", ["update", "JobId=" + jobId, "EndTime=now"], TimeoutToken);
        SlurmJob job;
        do
        {
            await Task.Delay(200, TimeoutToken);
            job = Assert.Single(await SlurmJobs.ListAsync(connection.Shell, layout, TimeoutToken));
        }
        while (!job.Status.HasEnded || job.Status.State == "COMPLETING");
        Output.WriteLine($"{job.Status} after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(("TIMEOUT", "TimeLimit"), (job.Status.State, job.Status.Reason));

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => Jobs.AttachAsync(connection, layout, id, 0, null, new RecordingPrompts(), TimeoutToken));
        Output.WriteLine(error.Message);
        Assert.Equal(ErrorCode.SlurmJobEnded, error.Code);
        Assert.Contains("TIMEOUT", error.Message, StringComparison.Ordinal);
        Assert.Contains("DUE TO TIME LIMIT", error.Message, StringComparison.Ordinal);
        Assert.Equal("cancelled", await Jobs.StopAsync(connection.Shell, layout, id, TimeoutToken));
    }

    [Fact]
    public async Task Cli_connect_with_slurm_prints_the_ready_line_reattaches_to_the_same_kernel_after_the_client_is_killed_and_stop_ends_it()
    {
        var watch = Stopwatch.StartNew();
        using var cli = SidecarProcess.Start(
            "connect", slurm.Host.Alias, "-F", slurm.Host.SshConfigPath, "--slurm", "--partition", SlurmFixture.Partition, "--time", "0:10:00", "--cpus", "1",
            "--node-access", "jump", "--node-ssh-port", slurm.Host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--state-dir", layout.Root, "--show-token");
        var (url, token) = await cli.ReadReadyLineAsync(TimeoutToken);
        Output.WriteLine($"ready line after {watch.ElapsedMilliseconds} ms");
        string kernel;
        using (var client = new JupyterApiClient(url, token))
        {
            kernel = await client.StartKernelAsync(null, TimeoutToken);
            Assert.Equal("45\n", (await client.ExecuteAsync(kernel, "x = sum(range(10)); print(x)", TimeoutToken)).Stdout);
        }

        Assert.DoesNotContain(TestHosts.AllCommandLines(), cmd => cmd.Contains(token, StringComparison.Ordinal));
        var (code, stdout, stderr) = await RunCliAsync("jobs", slurm.Host.Alias, "-F", slurm.Host.SshConfigPath, "--state-dir", layout.Root);
        Output.WriteLine(stdout);
        Assert.True(code == 0, stderr);
        var row = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal((SlurmFixture.Partition, "RUNNING", SlurmFixture.NodeName), (row[2], row[3], row[4]));

        // The client is killed outright (no chance to say goodbye): the job and its kernel live on.
        cli.Process.Kill();
        await cli.Process.WaitForExitAsync(TimeoutToken);
        Output.WriteLine(cli.Stderr);
        Assert.Contains("the job keeps running", cli.Stderr, StringComparison.Ordinal);
        Assert.Contains("reached by jump", cli.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(token, cli.Stderr, StringComparison.Ordinal);
        var jobId = Assert.Single(await slurm.ActiveJobsAsync(TimeoutToken));

        // connect --slurm again: the running job is found and reattached (same job, same token), not a second one submitted.
        watch.Restart();
        using (var again = SidecarProcess.Start(
            "connect", slurm.Host.Alias, "-F", slurm.Host.SshConfigPath, "--slurm", "--partition", SlurmFixture.Partition, "--state-dir", layout.Root, "--show-token"))
        {
            var (sameUrl, sameToken) = await again.ReadReadyLineAsync(TimeoutToken);
            Output.WriteLine($"reattached ready line after {watch.ElapsedMilliseconds} ms");
            Assert.Equal(token, sameToken);
            using (var client = new JupyterApiClient(sameUrl, sameToken))
            {
                Assert.Equal("46\n", (await client.ExecuteAsync(kernel, "print(x + 1)", TimeoutToken)).Stdout);
            }

            again.Terminate();
            await again.Process.WaitForExitAsync(TimeoutToken);
            Assert.Contains($"Reattached to Slurm job {jobId}", again.Stderr, StringComparison.Ordinal);
            Assert.Contains("reached by jump", again.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal([jobId], await slurm.ActiveJobsAsync(TimeoutToken));
        (code, stdout, stderr) = await RunCliAsync("jobs", slurm.Host.Alias, "-F", slurm.Host.SshConfigPath, "--state-dir", layout.Root);
        Assert.Contains(" of 00:10:00", stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = await RunCliAsync("stop", slurm.Host.Alias, row[0], "-F", slurm.Host.SshConfigPath, "--state-dir", layout.Root);
        Assert.True(code == 0, stderr);
        Assert.Equal(row[0] + " shut-down", stdout.Trim());
        Assert.Empty(await slurm.ActiveJobsAsync(TimeoutToken));
    }

    [Fact]
    public async Task Cli_connect_with_new_job_submits_another_job_beside_a_running_one()
    {
        using var connection = await ConnectAsync();
        using var first = await Jobs.StartAsync(connection, layout, new SlurmRequest(SlurmFixture.Partition, "5", Cpus: 1), 0, new RecordingPrompts(), null, TimeoutToken);
        using (var cli = SidecarProcess.Start(
            "connect", slurm.Host.Alias, "-F", slurm.Host.SshConfigPath, "--slurm", "--new-job", "--cpus", "1", "--stop-on-exit", "--state-dir", layout.Root, "--show-token"))
        {
            await cli.ReadReadyLineAsync(TimeoutToken);
            Assert.Equal(2, (await slurm.ActiveJobsAsync(TimeoutToken)).Count);
            cli.Terminate();
            await cli.Process.WaitForExitAsync(TimeoutToken);
            Output.WriteLine(cli.Stderr);
            Assert.DoesNotContain("Reattached", cli.Stderr, StringComparison.Ordinal);
        }

        // --stop-on-exit cancelled the CLI's job; the first one runs on.
        Assert.Equal([first.Status.JobId], await slurm.ActiveJobsAsync(TimeoutToken));
        await Jobs.StopAsync(connection.Shell, layout, first.Id, TimeoutToken);
        Assert.Empty(await slurm.ActiveJobsAsync(TimeoutToken));
    }

    [Fact]
    public async Task Rpc_detects_starts_lists_reattaches_and_stops_a_job()
    {
        await using var session = await RpcSession.StartAsync();
        var connection = await session.OpenAsync(slurm.Host, TimeoutToken);
        var id = connection.ConnectionId;
        var stateDir = layout.Root;

        var info = await session.Client.InvokeWithParameterObjectAsync<SlurmInfo>("slurm/detect", new { connectionId = id }, TimeoutToken);
        Assert.True(info.Available, info.Error);
        Assert.Equal(SlurmFixture.Partition, Assert.Single(info.Partitions).Name);

        var started = await session.Client.InvokeWithParameterObjectAsync<SlurmStartResult>(
            "slurm/start", new { connectionId = id, slurm = new { partition = SlurmFixture.Partition, time = "5", cpus = 1, nodeAccess = "node-address" }, stateDir }, TimeoutToken);
        Assert.Equal(("RUNNING", SlurmFixture.NodeName, "node-address", false, "node-address"), (started.JobState, started.Node, started.Binding, started.Reused, started.Access));
        Assert.Equal((SlurmFixture.Partition, 300L), (started.Partition, started.TimeLimitSeconds));
        Assert.InRange(started.TimeLeftSeconds ?? 0, 1, 300);
        using (var client = new JupyterApiClient(new Uri(started.Url), started.Token))
        {
            await client.GetStatusAsync(TimeoutToken);
        }

        var job = Assert.Single(await session.Client.InvokeWithParameterObjectAsync<List<SlurmJobInfo>>("slurm/jobs", new { connectionId = id, stateDir }, TimeoutToken));
        Assert.Equal((started.ServerId, started.JobId, "RUNNING", SlurmFixture.NodeName), (job.ServerId, job.JobId, job.JobState, job.Node));
        Assert.Equal((SlurmFixture.Partition, 300L), (job.Partition, job.TimeLimitSeconds));

        var bad = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.InvokeWithParameterObjectAsync<SlurmStartResult>(
            "slurm/start", new { connectionId = id, slurm = new { nodeAccess = "sideways" }, stateDir }, TimeoutToken));
        Assert.Contains("nodeAccess must be one of auto, jump, node-address", bad.Message, StringComparison.Ordinal);

        var again = await session.Client.InvokeWithParameterObjectAsync<SlurmStartResult>(
            "slurm/attach", new { connectionId = id, serverId = started.ServerId, stateDir, token = started.Token }, TimeoutToken);
        Assert.Equal((started.JobId, started.Token, true), (again.JobId, again.Token, again.Reused));

        var stopped = await session.Client.InvokeWithParameterObjectAsync<StopResult>(
            "slurm/stop", new { connectionId = id, serverId = started.ServerId, stateDir }, TimeoutToken);
        Assert.Equal("shut-down", stopped.How);
        Assert.Empty(await slurm.ActiveJobsAsync(TimeoutToken));
    }

    private Task<(int Code, string Stdout, string Stderr)> RunCliAsync(params string[] args) => SidecarProcess.RunToEndAsync(args, TimeoutToken);

    private Task<SshConnection> ConnectAsync() =>
        SshConnection.OpenAsync(TestHosts.Resolve(slurm.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
}
