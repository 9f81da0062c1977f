using System.Diagnostics;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Core.Tunnels;
using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Faults;

/// <summary>
/// The fault matrix of a live connection with a tunnel: the sshd session killed, stopped (half-open), refusing
/// the user while we reconnect, and a corrupted byte on the wire. In each the tunnel must come back on the same
/// local port within ServerAliveInterval × ServerAliveCountMax + 5 s once the server allows it, an HTTP request
/// through it must succeed, and nothing may be left behind (no CLOSE-WAIT socket, no listener).
/// </summary>
[Collection("sshd")]
public sealed class ReconnectFaultTests(FaultHostFixture fixture, ITestOutputHelper output) : TestBase(output), IClassFixture<FaultHostFixture>
{
    private const int AliveInterval = 1;
    private const int AliveCountMax = 3;

    /// <summary>The bound: ServerAliveInterval × ServerAliveCountMax + 5 s.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds((AliveInterval * AliveCountMax) + 5);

    [Fact]
    public async Task Killing_the_sshd_session_brings_the_tunnel_back_on_the_same_port()
    {
        await WithTunnelAsync(Resolve(), async (connection, tunnel, states) =>
        {
            var session = await SshdSession.OfAsync(connection, TimeoutToken);
            var port = tunnel.LocalPort;
            var clock = Stopwatch.StartNew();

            session.End();

            var lost = await states.WaitForAsync(ConnectionState.Reconnecting, Bound, TimeoutToken);
            Assert.Contains("lost", lost.Message, StringComparison.Ordinal);
            await states.WaitForAsync(ConnectionState.Connected, Bound - clock.Elapsed, TimeoutToken);
            Assert.Equal(OkHttpServer.Body, await GetAsync(port));
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, Bound);
            Assert.Equal(port, tunnel.LocalPort);
            Assert.Equal("ok\n", (await connection.Shell.RunAsync("echo ok", TimeoutToken)).Stdout);
        });
    }

    [Fact]
    public async Task A_stopped_sshd_is_noticed_by_the_keep_alive_probe_and_the_tunnel_comes_back()
    {
        await WithTunnelAsync(Resolve(), async (connection, tunnel, states) =>
        {
            var session = await SshdSession.OfAsync(connection, TimeoutToken);
            var port = tunnel.LocalPort;
            var clock = Stopwatch.StartNew();
            try
            {
                // Half-open: the kernel still acknowledges, sshd answers nothing. Only a probe that wants a reply notices.
                session.Signal(PosixProcess.SigStop);

                var dead = await states.WaitForAsync(ConnectionState.Reconnecting, Bound, TimeoutToken);
                Assert.Contains("sent nothing back", dead.Message, StringComparison.Ordinal);
                Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(AliveInterval * (AliveCountMax - 1)), TimeSpan.FromSeconds((AliveInterval * AliveCountMax) + 1));
                await states.WaitForAsync(ConnectionState.Connected, Bound - clock.Elapsed, TimeoutToken);
                Assert.Equal(OkHttpServer.Body, await GetAsync(port));
                Assert.InRange(clock.Elapsed, TimeSpan.Zero, Bound);
            }
            finally
            {
                session.End();
            }
        });
    }

    [Fact]
    public async Task DenyUsers_while_reconnecting_backs_off_without_asking_and_recovers_once_allowed()
    {
        var prompts = new RecordingPrompts();
        await WithTunnelAsync(Resolve(), prompts, async (connection, tunnel, states) =>
        {
            var session = await SshdSession.OfAsync(connection, TimeoutToken);
            var port = tunnel.LocalPort;
            try
            {
                await fixture.Host.ApplyConfigAsync(fixture.Host.Config with { ExtraLines = [$"DenyUsers {fixture.Host.UserName}"] }, TimeoutToken);
                session.End();

                // Refused attempts, spaced out by backoff: a few in 4 s, not a tight loop.
                var refused = await states.WaitForAsync(c => c.State == ConnectionState.Reconnecting && c.Message.Contains("Permission denied", StringComparison.Ordinal), Bound, TimeoutToken);
                Assert.NotNull(refused.RetryIn);
                await Task.Delay(TimeSpan.FromSeconds(4), TimeoutToken);
                var failures = states.All.Count(c => c.State == ConnectionState.Reconnecting && c.Message.Contains("Permission denied", StringComparison.Ordinal));
                Assert.InRange(failures, 1, 5);
                Assert.Equal(ConnectionState.Reconnecting, connection.State);
                Assert.Empty(prompts.SecretQuestions);
                Assert.Empty(prompts.HostKeyQuestions);
            }
            finally
            {
                await fixture.Host.ResetConfigAsync(CancellationToken.None);
            }

            var allowed = Stopwatch.StartNew();
            await states.WaitForAsync(ConnectionState.Connected, Bound, TimeoutToken);
            Assert.Equal(OkHttpServer.Body, await GetAsync(port));
            Assert.InRange(allowed.Elapsed, TimeSpan.Zero, Bound);
        });
    }

    [Fact]
    public async Task A_corrupted_byte_fails_the_transport_cleanly_and_the_tunnel_comes_back()
    {
        using var proxy = new ByteFlippingProxy(fixture.Host.Port);
        var knownHosts = Path.Combine(fixture.Host.TempDir, $"known_hosts_proxy_{proxy.Port}");
        await File.WriteAllTextAsync(knownHosts, $"[127.0.0.1]:{proxy.Port} {fixture.Host.HostPublicKeyLine}\n", TimeoutToken);
        var host = Resolve() with { HostName = "127.0.0.1", Port = proxy.Port, UserKnownHostsFiles = [knownHosts] };
        await WithTunnelAsync(host, async (connection, tunnel, states) =>
        {
            var port = tunnel.LocalPort;
            var clock = Stopwatch.StartNew();

            proxy.FlipNextServerByte();
            _ = GetAsync(port).ContinueWith(_ => { }, TaskScheduler.Default);

            var broken = await states.WaitForAsync(ConnectionState.Reconnecting, Bound, TimeoutToken);
            Output.WriteLine($"after the flip: {broken.Message}");
            Assert.Equal(1, proxy.Flipped);
            await states.WaitForAsync(ConnectionState.Connected, Bound - clock.Elapsed, TimeoutToken);
            Assert.Equal(OkHttpServer.Body, await GetAsync(port));
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, Bound);
        });
        File.Delete(knownHosts);
    }

    [Fact]
    public async Task A_changed_host_key_while_reconnecting_gives_up_at_once()
    {
        var knownHosts = Path.Combine(fixture.Host.TempDir, "known_hosts_changing");
        File.Copy(fixture.Host.KnownHostsPath, knownHosts, overwrite: true);
        var host = Resolve() with { UserKnownHostsFiles = [knownHosts] };
        await WithTunnelAsync(host, async (connection, tunnel, states) =>
        {
            var session = await SshdSession.OfAsync(connection, TimeoutToken);

            // Another key for the same host name: what known_hosts says after the host was "reinstalled".
            var other = await TestHosts.NewKeyAsync(fixture.Host.TempDir, $"other_host_{Guid.NewGuid():N}", string.Empty, TimeoutToken);
            var otherLine = (await File.ReadAllTextAsync(other + ".pub", TimeoutToken)).Trim();
            await File.WriteAllTextAsync(knownHosts, $"[127.0.0.1]:{fixture.Host.Port} {otherLine}\n", TimeoutToken);
            session.End();

            var lost = await states.WaitForAsync(ConnectionState.Lost, Bound, TimeoutToken);
            Assert.Contains("changed", lost.Message, StringComparison.Ordinal);
            Assert.Equal(1, states.All.Count(c => c.State == ConnectionState.Reconnecting));
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => GetAsync(tunnel.LocalPort));
        });
        File.Delete(knownHosts);
    }

    private ResolvedHost Resolve() =>
        TestHosts.Resolve(fixture.Host) with { ServerAliveInterval = AliveInterval, ServerAliveCountMax = AliveCountMax };

    private Task WithTunnelAsync(ResolvedHost host, Func<SshConnection, LocalTunnel, ConnectionStates, Task> test) =>
        WithTunnelAsync(host, new RecordingPrompts(), test);

    /// <summary>
    /// Connects, opens a tunnel to the HTTP server and checks it, runs <paramref name="test"/>, closes both, then
    /// checks that nothing of ours stays: no listener on the tunnel's port and no CLOSE-WAIT socket.
    /// </summary>
    private async Task WithTunnelAsync(ResolvedHost host, RecordingPrompts prompts, Func<SshConnection, LocalTunnel, ConnectionStates, Task> test)
    {
        var listenersBefore = await SocketCensus.ListenersAsync(TimeoutToken);
        int port;
        var connection = await SshConnection.OpenAsync(host, prompts, LoggerFactory, TimeoutToken);
        try
        {
            var states = new ConnectionStates(connection);
            using var tunnel = LocalTunnel.Open(connection, fixture.Http.Port, 0, Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<LocalTunnel>(LoggerFactory));
            port = tunnel.LocalPort;
            Assert.Equal(OkHttpServer.Body, await GetAsync(port));
            await test(connection, tunnel, states);
        }
        finally
        {
            connection.Dispose();
        }

        // Closing is asynchronous at the TCP level: give the peers a moment to finish their handshakes.
        var deadline = Stopwatch.StartNew();
        IReadOnlyList<string> closeWait;
        IReadOnlySet<string> listeners;
        do
        {
            await Task.Delay(200, TimeoutToken);
            closeWait = await SocketCensus.CloseWaitAsync(TimeoutToken);
            listeners = await SocketCensus.ListenersAsync(TimeoutToken);
        }
        while ((closeWait.Count > 0 || !listeners.SetEquals(listenersBefore)) && deadline.Elapsed < TimeSpan.FromSeconds(5));

        Assert.Empty(closeWait);
        Assert.DoesNotContain($"127.0.0.1:{port}", listeners);
        Assert.Equal(listenersBefore.Order(), listeners.Order());
    }

    private async Task<string> GetAsync(int port)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"), TimeoutToken);
    }
}
