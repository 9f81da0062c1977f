using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Rpc;
using StreamJsonRpc;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Rpc;

/// <summary>The RPC surface end to end: a JSON-RPC client like the extension's, the real host, the real sshd.</summary>
[Collection("sshd")]
public sealed class RpcSessionTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    [Fact]
    public async Task Initialize_open_start_list_stop_and_shutdown()
    {
        await using var session = await RpcSession.StartAsync();
        var stateDir = "~/.rj-rpc-" + Guid.NewGuid().ToString("N")[..8];

        try
        {
            var init = await session.Client.InvokeWithParameterObjectAsync<InitializeResult>("initialize", new { clientName = "test" }, TimeoutToken);
            Assert.Equal("remote-jupyter", init.ServerName);
            Assert.Contains("servers/start", init.Methods);

            var connection = await session.Client.InvokeWithParameterObjectAsync<ConnectionResult>(
                "connection/open", new { host = sshd.Host.Alias, configFile = sshd.Host.SshConfigPath }, TimeoutToken);
            Assert.Equal(sshd.Host.UserName, connection.User);

            var progress = new ConcurrentQueue<ProgressValue>();
            var started = await session.Client.InvokeWithParameterObjectAsync<ServerStartResult>(
                "servers/start",
                new { connectionId = connection.ConnectionId, server = new { stateDir }, progress = new InlineProgress<ProgressValue>(progress.Enqueue) },
                TimeoutToken);
            Assert.StartsWith("http://127.0.0.1:", started.Url, StringComparison.Ordinal);
            Assert.Equal(64, started.Token.Length);
            using (var jupyter = new JupyterApiClient(new Uri(started.Url), started.Token))
            {
                await jupyter.GetStatusAsync(TimeoutToken);
            }

            // $/progress notifications can trail the response by a moment.
            await WaitUntilAsync(() => progress.Any(p => p is { Stage: "verifying", State: "completed" }));
            Assert.Equal(
                ["findingServer", "preparingEnvironment", "startingServer", "openingTunnel", "verifying"],
                progress.Where(p => p.State == "completed").Select(p => p.Stage));

            var listed = await session.Client.InvokeWithParameterObjectAsync<List<ServerInfo>>(
                "servers/list", new { connectionId = connection.ConnectionId, stateDir }, TimeoutToken);
            var mine = Assert.Single(listed);
            Assert.Equal((started.ServerId, true, started.Url), (mine.ServerId, mine.Alive, mine.LocalUrl));

            var stopped = await session.Client.InvokeWithParameterObjectAsync<StopResult>(
                "servers/stop", new { connectionId = connection.ConnectionId, serverId = started.ServerId, stateDir }, TimeoutToken);
            Assert.Equal("shut-down", stopped.How);
        }
        finally
        {
            await TestHosts.CleanUpAsync(sshd.Host, stateDir);
        }

        await session.Client.InvokeWithParameterObjectAsync<object>("shutdown", new { }, TimeoutToken);
        await session.Host.WaitForShutdownAsync(TimeoutToken);
    }

    [Fact]
    public async Task An_unknown_host_key_is_asked_through_prompt_hostKey_and_a_refusal_is_a_coded_error()
    {
        var config = await TestHosts.ConfigWithUnknownHostKeyAsync(sshd.Host, TimeoutToken);
        var asked = new ConcurrentQueue<string>();
        await using var session = await RpcSession.StartAsync(client => client.AddLocalRpcMethod(
            "prompt/hostKey",
            new Func<string, string, string, string, HostKeyAnswer>((host, keyType, fingerprint, knownHostsFile) =>
            {
                asked.Enqueue($"{host} {keyType} {fingerprint} {knownHostsFile}");
                return new HostKeyAnswer("reject");
            })));

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.InvokeWithParameterObjectAsync<ConnectionResult>(
            "connection/open", new { host = sshd.Host.Alias, configFile = config }, TimeoutToken));

        Assert.Equal(103, error.ErrorCode);
        Output.WriteLine($"error data: {error.ErrorData?.GetType()} {JsonSerializer.Serialize(error.ErrorData)}");
        Assert.Contains("\"hostKeyNotTrusted\"", JsonSerializer.Serialize(error.ErrorData), StringComparison.Ordinal);
        var question = Assert.Single(asked);
        Assert.StartsWith($"[127.0.0.1]:{sshd.Host.Port} ssh-ed25519 SHA256:", question, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_servers_start_through_cancelRequest_leaves_no_server()
    {
        await using var session = await RpcSession.StartAsync();
        var stateDir = "~/.rj-rpc-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var connection = await session.Client.InvokeWithParameterObjectAsync<ConnectionResult>(
                "connection/open", new { host = sshd.Host.Alias, configFile = sshd.Host.SshConfigPath }, TimeoutToken);
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken);
            var progress = new InlineProgress<ProgressValue>(p =>
            {
                if (p is { Stage: "startingServer", State: "starting" })
                {
                    cancel.CancelAfter(TimeSpan.FromMilliseconds(300));
                }
            });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.Client.InvokeWithParameterObjectAsync<ServerStartResult>(
                "servers/start", new { connectionId = connection.ConnectionId, server = new { stateDir }, progress }, cancel.Token));

            await Task.Delay(TimeSpan.FromSeconds(2), TimeoutToken);
            var listed = await session.Client.InvokeWithParameterObjectAsync<List<ServerInfo>>(
                "servers/list", new { connectionId = connection.ConnectionId, stateDir }, TimeoutToken);
            Assert.DoesNotContain(listed, s => s.Alive);
        }
        finally
        {
            await TestHosts.CleanUpAsync(sshd.Host, stateDir);
        }
    }

    [Fact]
    public async Task Requests_for_unknown_ids_fail_with_a_coded_error()
    {
        await using var session = await RpcSession.StartAsync();

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.InvokeWithParameterObjectAsync<object>(
            "servers/list", new { connectionId = "nope" }, TimeoutToken));

        Assert.Equal(400, error.ErrorCode);
        Assert.Contains("connection/open", error.Message, StringComparison.Ordinal);
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(20, TimeoutToken);
        }
    }

    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
