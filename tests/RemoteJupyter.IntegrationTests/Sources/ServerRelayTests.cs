using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Sources.Urls;
using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.IntegrationTests.Tunnels;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Sources;

/// <summary>The plain-TCP relay (used with Dial) against an echo server, where every byte and the end of stream can be checked.</summary>
public sealed class ServerRelayTests(ITestOutputHelper output) : TestBase(output)
{
    [Fact]
    public async Task Bytes_and_a_half_close_pass_both_ways()
    {
        using var echo = new EchoServer();
        await using var relay = ServerRelay.Start(
            new UpstreamDialer(new DnsEndPoint("127.0.0.1", echo.Port), null, null), LoggerFactory.CreateLogger<ServerRelayTests>());
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, relay.Port, TimeoutToken);

        var sent = new byte[3 * 1024 * 1024 + 17];
        Random.Shared.NextBytes(sent);
        var sending = Task.Run(async () =>
        {
            await socket.SendAsync(sent, TimeoutToken);

            // The echo server answers our end of stream with its own, once everything is echoed.
            socket.Shutdown(SocketShutdown.Send);
        });

        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, TimeoutToken)) > 0)
        {
            await received.WriteAsync(buffer.AsMemory(0, read), TimeoutToken);
        }

        await sending;
        Assert.Equal(sent, received.ToArray());
    }

    [Fact]
    public async Task A_dial_that_fails_closes_the_client_connection_and_the_relay_keeps_serving()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var relay = ServerRelay.Start(
            new UpstreamDialer(new DnsEndPoint("127.0.0.1", port), null, null), LoggerFactory.CreateLogger<ServerRelayTests>());

        for (var i = 0; i < 2; i++)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, relay.Port, TimeoutToken);
            Assert.Equal(0, await socket.ReceiveAsync(new byte[16], TimeoutToken));
        }

        // The relay forgets a connection just after closing it; give that a moment.
        for (var wait = 0; relay.ActiveConnections > 0 && wait < 100; wait++)
        {
            await Task.Delay(20, TimeoutToken);
        }

        Assert.Equal(0, relay.ActiveConnections);
    }
}
