using System.Collections.Concurrent;
using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Rpc;
using StreamJsonRpc;

namespace RemoteJupyter.IntegrationTests.Slurm;

/// <summary>A Slurm job's log through servers/logs and the CLI's logs: its output file, read and followed until the job ends.</summary>
public sealed partial class SlurmJobTests
{
    [Fact]
    public async Task Servers_logs_reads_a_jobs_output_and_a_follow_ends_when_the_job_ends()
    {
        var sink = new LogSink();
        await using var session = await RpcSession.StartAsync(c => c.AddLocalRpcTarget(sink));
        var id = (await session.OpenAsync(slurm.Host, TimeoutToken)).ConnectionId;
        var stateDir = layout.Root;
        var started = await session.Client.InvokeWithParameterObjectAsync<SlurmStartResult>(
            "slurm/start", new { connectionId = id, slurm = new { partition = SlurmFixture.Partition, time = "5", cpus = 1, nodeAccess = "node-address" }, stateDir }, TimeoutToken);
        var echoed = $"remote-jupyter: job {started.JobId} on {SlurmFixture.NodeName}";

        var log = await session.Client.InvokeWithParameterObjectAsync<ServerLog>(
            "servers/logs", new { connectionId = id, serverId = started.ServerId, stateDir, lines = 50 }, TimeoutToken);
        Output.WriteLine(log.Text);
        Assert.EndsWith("/jobs/" + started.ServerId + "/job.log", log.LogPath, StringComparison.Ordinal);
        Assert.Contains(echoed, log.Text, StringComparison.Ordinal);

        var (code, stdout, stderr) = await RunCliAsync("logs", slurm.Host.Alias, started.ServerId, "-F", slurm.Host.SshConfigPath, "--state-dir", stateDir, "-n", "50");
        Assert.True(code == 0, stderr);
        Assert.Contains(echoed, stdout, StringComparison.Ordinal);

        // The follow is not cancelled: it ends by itself once the job is gone.
        var following = session.Client.InvokeWithParameterObjectAsync<ServerLog>(
            "servers/logs", new { connectionId = id, serverId = started.ServerId, stateDir, lines = 50, follow = true }, TimeoutToken);
        await sink.WaitForAsync(echoed, TimeoutToken);
        await session.Client.InvokeWithParameterObjectAsync<StopResult>("slurm/stop", new { connectionId = id, serverId = started.ServerId, stateDir }, TimeoutToken);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ended = await following.WaitAsync(TimeSpan.FromSeconds(20), TimeoutToken);
        Output.WriteLine($"follow ended {watch.ElapsedMilliseconds} ms after the stop");
        Assert.Equal(log.LogPath, ended.LogPath);
        Assert.Empty(await slurm.ActiveJobsAsync(TimeoutToken));

        var missing = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.InvokeWithParameterObjectAsync<ServerLog>(
            "servers/logs", new { connectionId = id, serverId = "no-such-job", stateDir }, TimeoutToken));
        Assert.Contains("No server or Slurm job no-such-job", missing.Message, StringComparison.Ordinal);
    }

    /// <summary>The client side of servers/log.</summary>
    private sealed class LogSink
    {
        private readonly ConcurrentQueue<string> lines = new();

        [JsonRpcMethod("servers/log")]
        public void OnLog(string serverId, IReadOnlyList<string> lines)
        {
            foreach (var line in lines)
            {
                this.lines.Enqueue(line);
            }
        }

        public async Task WaitForAsync(string text, CancellationToken cancellationToken)
        {
            while (!lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                await Task.Delay(20, cancellationToken);
            }
        }
    }
}
