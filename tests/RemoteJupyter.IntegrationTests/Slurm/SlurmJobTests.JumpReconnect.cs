using System.Diagnostics;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Slurm;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Faults;
using RemoteJupyter.IntegrationTests.Fixtures;

namespace RemoteJupyter.IntegrationTests.Slurm;

/// <summary>
/// A jumped node connection survives a dropped network like the login connection does: it is remade through a new
/// forward on the (remade) login connection, and the job's tunnel answers again on the same local port.
/// </summary>
public sealed partial class SlurmJobTests
{
    /// <summary>A cut session is noticed at once (EOF); the rest is the first retries' backoff (1 s, 2 s, …).</summary>
    private static readonly TimeSpan JumpReconnectBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_jumped_node_connection_comes_back_through_the_login_connection_and_the_tunnel_answers_on_the_same_port()
    {
        // A short keep-alive (the node's connection inherits it) so that the end, a deliberate close, is noticed quickly.
        var host = TestHosts.Resolve(slurm.Host) with { ServerAliveInterval = 1, ServerAliveCountMax = 3 };
        using var connection = await SshConnection.OpenAsync(host, new RecordingPrompts(), LoggerFactory, TimeoutToken);
        var request = new SlurmRequest(SlurmFixture.Partition, "5") { NodeAccess = SlurmNodeAccess.Jump, NodeSshPort = slurm.Host.Port };
        using var server = await Jobs.StartAsync(connection, layout, request, 0, new RecordingPrompts(), null, TimeoutToken);
        Assert.Equal("jump", server.Access);
        var node = server.NodeConnection!;
        var port = server.Tunnel.LocalPort;
        using var client = new JupyterApiClient(server.LocalUrl, server.Token.Value);
        var kernel = await client.StartKernelAsync(null, TimeoutToken);
        await client.ExecuteAsync(kernel, "x = 1", TimeoutToken);

        // Only the node's session: the login connection stays up, the node's comes back through a new forward on it.
        var loginStates = new ConnectionStates(connection);
        var nodeStates = new ConnectionStates(node);
        var nodeSession = await SshdSession.OfAsync(node, TimeoutToken);
        var clock = Stopwatch.StartNew();
        nodeSession.End();
        await nodeStates.WaitForAsync(ConnectionState.Reconnecting, JumpReconnectBound, TimeoutToken);
        await AnsweringAgainAsync(client, JumpReconnectBound - clock.Elapsed);
        Output.WriteLine($"node session cut → tunnel answering again in {clock.ElapsedMilliseconds} ms");
        await nodeStates.WaitForAsync(ConnectionState.Connected, JumpReconnectBound - clock.Elapsed, TimeoutToken);
        Assert.Empty(loginStates.All);

        // The login session: the forward carrying the node's connection goes with it, so both must come back.
        var loginSession = await SshdSession.OfAsync(connection, TimeoutToken);
        nodeStates = new ConnectionStates(node);
        clock.Restart();
        loginSession.End();
        await loginStates.WaitForAsync(ConnectionState.Reconnecting, JumpReconnectBound, TimeoutToken);
        await nodeStates.WaitForAsync(ConnectionState.Reconnecting, JumpReconnectBound - clock.Elapsed, TimeoutToken);
        await AnsweringAgainAsync(client, JumpReconnectBound - clock.Elapsed);
        Output.WriteLine($"login session cut → tunnel answering again in {clock.ElapsedMilliseconds} ms");
        await loginStates.WaitForAsync(ConnectionState.Connected, JumpReconnectBound - clock.Elapsed, TimeoutToken);
        await nodeStates.WaitForAsync(ConnectionState.Connected, JumpReconnectBound - clock.Elapsed, TimeoutToken);
        Output.WriteLine(string.Join('\n', nodeStates.All.Select(c => $"node {c.State}: {c.Message}")));

        Assert.Equal(port, server.Tunnel.LocalPort);
        Assert.Equal("1", (await client.ExecuteAsync(kernel, "print(x)", TimeoutToken)).Stdout.Trim());
        Assert.Equal("shut-down", await Jobs.StopAsync(connection.Shell, layout, server.Id, TimeoutToken));

        // Closing the login connection takes the node's with it: once its keep-alive notices (a clean close ends no relayed
        // connection), it gives up at once instead of retrying for the whole window.
        nodeStates = new ConnectionStates(node);
        connection.Dispose();
        var lost = await nodeStates.WaitForAsync(ConnectionState.Lost, TimeSpan.FromSeconds(10), TimeoutToken);
        Output.WriteLine(lost.Message);
        Assert.Contains("it goes through", lost.Message, StringComparison.Ordinal);
    }

    /// <summary>Asks Jupyter's status through the tunnel until it answers; fails after <paramref name="within"/>.</summary>
    private async Task AnsweringAgainAsync(JupyterApiClient client, TimeSpan within)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken);
        bound.CancelAfter(within);
        while (true)
        {
            try
            {
                await client.GetStatusAsync(bound.Token);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or RemoteJupyterException && !bound.IsCancellationRequested)
            {
                Output.WriteLine($"not yet: {ex.Message}");
                await Task.Delay(200, bound.Token);
            }
        }
    }
}
