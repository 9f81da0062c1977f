using System.Collections.Concurrent;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Rpc;
using StreamJsonRpc;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Rpc;

/// <summary>The lifecycle over the wire: reattach by environment, servers/changed, list details, log follow as notifications, stop.</summary>
[Collection("sshd")]
public sealed class RpcLifecycleTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    [Fact]
    public async Task A_second_sidecar_reattaches_by_environment_follows_the_log_and_stops_the_server()
    {
        var stateDir = "~/.rj-rpclife-" + Guid.NewGuid().ToString("N")[..8];
        var sink = new Sink();
        try
        {
            ServerStartResult started;
            await using (var first = await RpcSession.StartAsync(c => c.AddLocalRpcTarget(sink)))
            {
                var connection = await first.OpenAsync(sshd.Host, TimeoutToken);
                started = await StartAsync(first, connection.ConnectionId, stateDir);
                Assert.False(started.Reused);
            }

            await using var second = await RpcSession.StartAsync(c => c.AddLocalRpcTarget(sink));
            var again = await second.OpenAsync(sshd.Host, TimeoutToken);
            var reattached = await StartAsync(second, again.ConnectionId, stateDir);
            Assert.True(reattached.Reused);
            Assert.Equal((started.ServerId, started.Pid, started.Token), (reattached.ServerId, reattached.Pid, reattached.Token));
            Assert.Equal(["started", "reattached"], sink.Changes.Select(c => c.Change));

            var listed = Assert.Single(await second.Client.InvokeWithParameterObjectAsync<List<ServerInfo>>(
                "servers/list", new { connectionId = again.ConnectionId, stateDir }, TimeoutToken));
            Assert.True(listed.Responding);
            Assert.Equal(0, listed.Kernels);
            Assert.True(listed.MemoryBytes > 0);
            Assert.Equal("detached", listed.Persistence);
            Assert.Equal(reattached.Url, listed.LocalUrl);

            // Follow: the last lines and then a new one arrive as servers/log; cancelling ends the request.
            using var follow = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken);
            var following = second.Client.InvokeWithParameterObjectAsync<ServerLog>(
                "servers/logs", new { connectionId = again.ConnectionId, serverId = started.ServerId, stateDir, lines = 3, follow = true }, follow.Token);
            await sink.WaitForLinesAsync(3, TimeoutToken);
            var marker = "rj-rpc-follow-" + Guid.NewGuid().ToString("N")[..6];
            using (var shell = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken))
            {
                await shell.Shell.RunAsync($"printf '%s\\n' {marker} >>{stateDir}/servers/{started.ServerId}/server.log", TimeoutToken);
            }

            await sink.WaitForLinesAsync(4, TimeoutToken);
            Assert.Equal(marker, sink.Lines[^1]);
            await follow.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following);

            var stopped = await second.Client.InvokeWithParameterObjectAsync<StopResult>(
                "servers/stop", new { connectionId = again.ConnectionId, serverId = started.ServerId, stateDir }, TimeoutToken);
            Assert.Equal("shut-down", stopped.How);
            Assert.Equal("stopped", sink.Changes.Last().Change);
            Assert.Empty(await second.Client.InvokeWithParameterObjectAsync<List<ServerInfo>>(
                "servers/list", new { connectionId = again.ConnectionId, stateDir }, TimeoutToken));
        }
        finally
        {
            await TestHosts.CleanUpAsync(sshd.Host, stateDir);
        }
    }

    private Task<ServerStartResult> StartAsync(RpcSession session, string connectionId, string stateDir) =>
        session.Client.InvokeWithParameterObjectAsync<ServerStartResult>(
            "servers/start",
            new { connectionId, environment = new { pythonPath = "/usr/bin/python3" }, server = new { stateDir } },
            TimeoutToken);

    /// <summary>The client side of servers/changed and servers/log.</summary>
    private sealed class Sink
    {
        private readonly ConcurrentQueue<string> lines = new();

        public ConcurrentQueue<ServersChanged> Changes { get; } = new();

        public IReadOnlyList<string> Lines => [.. lines];

        [JsonRpcMethod("servers/changed")]
        public void OnChanged(string connectionId, string serverId, string change) => Changes.Enqueue(new(connectionId, serverId, change));

        [JsonRpcMethod("servers/log")]
        public void OnLog(string serverId, IReadOnlyList<string> lines)
        {
            foreach (var line in lines)
            {
                this.lines.Enqueue(line);
            }
        }

        public async Task WaitForLinesAsync(int count, CancellationToken cancellationToken)
        {
            while (lines.Count < count)
            {
                await Task.Delay(20, cancellationToken);
            }
        }
    }
}
