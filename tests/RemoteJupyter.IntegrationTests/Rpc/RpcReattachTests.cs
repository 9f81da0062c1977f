using System.Collections.Concurrent;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Rpc;
using StreamJsonRpc;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Rpc;

/// <summary>What the extension needs beyond start/stop: hosts, environments, settings, logs, reattach.</summary>
[Collection("sshd")]
public sealed class RpcReattachTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    private static readonly string[] ExtraArgs = ["--ServerApp.iopub_data_rate_limit=12345678"];

    [Fact]
    public async Task Hosts_and_environments_are_listed()
    {
        await using var session = await RpcSession.StartAsync();

        var hosts = await session.Client.InvokeWithParameterObjectAsync<List<HostEntry>>("hosts/list", new { configFile = sshd.Host.SshConfigPath }, TimeoutToken);
        var host = Assert.Single(hosts);
        Assert.Equal((sshd.Host.Alias, "127.0.0.1", sshd.Host.Port, sshd.Host.UserName), (host.Alias, host.HostName, host.Port, host.User));

        var connection = await session.OpenAsync(sshd.Host, TimeoutToken);
        var environments = (await session.Client.InvokeWithParameterObjectAsync<EnvironmentList>(
            "environments/list", new { connectionId = connection.ConnectionId }, TimeoutToken)).Environments;
        var system = Assert.Single(environments, e => e.PythonPath == "/usr/bin/python3");
        Assert.True(system.CanServe);
        Assert.Equal("system", system.Kind);
    }

    [Fact]
    public async Task A_server_started_with_settings_survives_a_sidecar_restart_and_is_reattached_with_its_token()
    {
        var stateDir = "~/.rj-attach-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            ServerStartResult started;
            await using (var first = await RpcSession.StartAsync())
            {
                var connection = await first.OpenAsync(sshd.Host, TimeoutToken);
                started = await first.Client.InvokeWithParameterObjectAsync<ServerStartResult>(
                    "servers/start",
                    new
                    {
                        connectionId = connection.ConnectionId,
                        server = new { stateDir, niceLevel = 5, memoryLimitMb = 4096, idleShutdownMinutes = 30, extraArgs = ExtraArgs },
                    },
                    TimeoutToken);

                using var shell = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
                var process = await shell.Shell.RunAsync(
                    $"ps -o ni= -p {started.Pid}; grep 'Max address space' /proc/{started.Pid}/limits; tr '\\0' ' ' </proc/{started.Pid}/cmdline", TimeoutToken);
                Assert.StartsWith("  5\n", process.Stdout, StringComparison.Ordinal);
                Assert.Contains((4096L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), process.Stdout, StringComparison.Ordinal);
                Assert.Contains("--ServerApp.iopub_data_rate_limit=12345678", process.Stdout, StringComparison.Ordinal);
                Assert.Contains("--ServerApp.shutdown_no_activity_timeout=1800", process.Stdout, StringComparison.Ordinal);

                var log = await first.Client.InvokeWithParameterObjectAsync<ServerLog>(
                    "servers/logs", new { connectionId = connection.ConnectionId, serverId = started.ServerId, stateDir }, TimeoutToken);
                Assert.Contains("Jupyter Server", log.Text, StringComparison.Ordinal);
                Assert.DoesNotContain(started.Token, log.Text, StringComparison.Ordinal);
            }

            // The first sidecar is gone with its tunnel; the server and its kernels are not.
            await using var second = await RpcSession.StartAsync();
            var again = await second.OpenAsync(sshd.Host, TimeoutToken);
            var refused = await Assert.ThrowsAsync<RemoteInvocationException>(() => second.Client.InvokeWithParameterObjectAsync<ServerStartResult>(
                "servers/attach", new { connectionId = again.ConnectionId, serverId = started.ServerId, token = new string('0', 64), stateDir }, TimeoutToken));
            Assert.Contains("token", refused.Message, StringComparison.Ordinal);

            var attached = await second.Client.InvokeWithParameterObjectAsync<ServerStartResult>(
                "servers/attach", new { connectionId = again.ConnectionId, serverId = started.ServerId, token = started.Token, stateDir }, TimeoutToken);
            Assert.Equal((started.ServerId, started.Pid), (attached.ServerId, attached.Pid));
            using var jupyter = new JupyterApiClient(new Uri(attached.Url), started.Token);
            await jupyter.GetStatusAsync(TimeoutToken);

            var gone = await Assert.ThrowsAsync<RemoteInvocationException>(() => second.Client.InvokeWithParameterObjectAsync<ServerStartResult>(
                "servers/attach", new { connectionId = again.ConnectionId, serverId = "000000000000", token = started.Token, stateDir }, TimeoutToken));
            Assert.Equal(303, gone.ErrorCode);
        }
        finally
        {
            await TestHosts.CleanUpAsync(sshd.Host, stateDir);
        }
    }

    [Fact]
    public async Task A_dropped_connection_is_announced_reconnected_and_keeps_its_id()
    {
        var changes = new ConcurrentQueue<ConnectionStateChange>();
        await using var session = await RpcSession.StartAsync(client => client.AddLocalRpcTarget(new StateSink(changes)));
        var connection = await session.OpenAsync(sshd.Host, TimeoutToken);

        // A python3 that tells which sshd process serves this connection (the first sshd above it), so
        // the test kills exactly that one and no other session.
        var pidFile = Path.Combine(Path.GetTempPath(), $"rj-sshd-session-{Guid.NewGuid():N}");
        var tattler = await TestHosts.FakePythonAsync(
            sshd.Host,
            "tattler",
            $"p=$PPID\nwhile [ \"$(cat /proc/$p/comm)\" != sshd ]; do p=$(ps -o ppid= -p $p | tr -d ' '); done\necho $p > {pidFile}\nexit 1\n",
            TimeoutToken);
        var environments = await session.Client.InvokeWithParameterObjectAsync<EnvironmentList>(
            "environments/list", new { connectionId = connection.ConnectionId, searchPath = tattler }, TimeoutToken);
        Assert.Empty(environments.Environments);
        var sshdSession = int.Parse((await File.ReadAllTextAsync(pidFile, TimeoutToken)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(pidFile);
        Assert.Contains("sshd", await File.ReadAllTextAsync($"/proc/{sshdSession}/cmdline", TimeoutToken), StringComparison.Ordinal);
        System.Diagnostics.Process.GetProcessById(sshdSession).Kill();

        while (!changes.Any(c => c.ConnectionId == connection.ConnectionId && c.State == "connected"))
        {
            await Task.Delay(50, TimeoutToken);
        }

        var states = changes.Where(c => c.ConnectionId == connection.ConnectionId).ToList();
        Assert.Equal(["reconnecting", "connected"], states.Select(c => c.State));
        Assert.Contains("lost", states[0].Message, StringComparison.Ordinal);
        Assert.Equal(1, states[0].Attempt);
        Assert.Contains("Reconnected", states[1].Message, StringComparison.Ordinal);
        var again = await session.Client.InvokeWithParameterObjectAsync<EnvironmentList>(
            "environments/list", new { connectionId = connection.ConnectionId }, TimeoutToken);
        Assert.Contains(again.Environments, e => e.PythonPath == "/usr/bin/python3");
    }

    /// <summary>The client side of <c>connection/state</c>, with the optional members optional.</summary>
    private sealed class StateSink(ConcurrentQueue<ConnectionStateChange> changes)
    {
        [JsonRpcMethod("connection/state")]
        public void OnState(string connectionId, string state, string message, int? attempt = null, double? retryInSeconds = null) =>
            changes.Enqueue(new(connectionId, state, message, attempt, retryInSeconds));
    }
}
