using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Core.Tunnels;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Tunnels;

/// <summary>
/// The tunnel's own data path: direct-tcpip channels bound to accepted sockets, a bounded channel window, and
/// the session socket put back into blocking mode. Other suites cover reconnects and faults.
/// </summary>
[Collection("sshd")]
public sealed class LocalTunnelTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    [Fact]
    public async Task Bytes_cross_in_both_directions_intact_well_past_the_channel_window_and_a_half_close_keeps_the_answer()
    {
        using var echo = new EchoServer();
        using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
        using var tunnel = LocalTunnel.Open(connection, echo.Port, 0, LoggerFactory.CreateLogger<LocalTunnel>());

        // 24 MiB is six 4 MiB windows each way: the window must be refilled many times, in both directions at once.
        // We half-close after sending, while most of the echo is still on its way back: all of it must still arrive.
        var payload = RandomNumberGenerator.GetBytes(24 * 1024 * 1024);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, tunnel.LocalPort), TimeoutToken);
        var sending = Task.Run(
            async () =>
            {
                await socket.SendAsync(payload, TimeoutToken);
                socket.Shutdown(SocketShutdown.Send);
            },
            TimeoutToken);
        using var received = new MemoryStream();
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, TimeoutToken)) > 0)
        {
            await received.WriteAsync(buffer.AsMemory(0, read), TimeoutToken);
        }

        await sending;
        Assert.Equal(payload.Length, received.Length);
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(received.ToArray()));
    }

    [Fact]
    public async Task A_connection_to_a_closed_remote_port_is_closed_at_once_and_the_tunnel_keeps_working()
    {
        using var echo = new EchoServer();
        var closedPort = echo.Port;
        echo.Dispose();
        using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
        using var tunnel = LocalTunnel.Open(connection, closedPort, 0, LoggerFactory.CreateLogger<LocalTunnel>());

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, tunnel.LocalPort), TimeoutToken);
        using var quick = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken);
        quick.CancelAfter(TimeSpan.FromSeconds(5));
        var read = await ReadOrResetAsync(socket, quick.Token);

        Assert.Equal(0, read);
        await WaitUntilAsync(() => tunnel.OpenSockets == 0);
        Assert.Equal("ok\n", (await connection.Shell.RunAsync("echo ok", TimeoutToken)).Stdout);
    }

    [Fact]
    public async Task The_session_socket_is_blocking_after_connect_and_closing_still_ends_its_reader()
    {
        var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
        var session = SshNetSession.Of(connection.Client);
        Assert.NotNull(session);
        var socket = SshNetSession.SocketOf(session);
        Assert.NotNull(socket);

        // /proc shows the descriptor's open flags in octal; O_NONBLOCK is 04000.
        var fdinfo = await File.ReadAllLinesAsync($"/proc/self/fdinfo/{socket.Handle}", TimeoutToken);
        var flags = fdinfo.First(l => l.StartsWith("flags:", StringComparison.Ordinal));
        var value = Convert.ToInt32(flags["flags:".Length..].Trim(), 8);
        Assert.Equal(0, value & Convert.ToInt32("4000", 8));

        // The receive thread now blocks in the kernel; disposing must still wake and end it promptly.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        connection.Dispose();
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.True(socket.SafeHandle.IsClosed);
    }

    private static async Task<int> ReadOrResetAsync(Socket socket, CancellationToken token)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[16], token);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return 0;
        }
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50, TimeoutToken);
        }

        Assert.True(condition(), string.Create(CultureInfo.InvariantCulture, $"condition not met within 5 s"));
    }
}
