using System.Net.Sockets;
using System.Text;
using RemoteJupyter.IntegrationTests.Fixtures;

namespace RemoteJupyter.IntegrationTests.Sources;

/// <summary>The relay at the socket level: half-close, and disposal cutting live connections.</summary>
public sealed partial class TlsServerTests
{
    [Fact]
    public async Task A_client_that_half_closes_after_its_request_still_gets_the_answer()
    {
        await using var session = await ConnectAsync(new RecordingCertificatePrompts(accept: true), token: server.Token);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", session.LocalBaseUrl.Port, TimeoutToken);
        var request = $"GET {session.LocalBaseUrl.AbsolutePath}api/status HTTP/1.0\r\nHost: 127.0.0.1:{session.LocalBaseUrl.Port}\r\n" +
            $"Authorization: token {server.Token}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), TimeoutToken);
        socket.Shutdown(SocketShutdown.Send);

        var answer = Encoding.ASCII.GetString(await ReadToEndAsync(socket));
        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.Contains("\"kernels\"", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_the_session_cuts_connections_in_flight()
    {
        var session = await ConnectAsync(new RecordingCertificatePrompts(accept: true), token: server.Token);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", session.LocalBaseUrl.Port, TimeoutToken);

        // Half a request: the server waits for the rest, so only our disposal can end this connection.
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n"), TimeoutToken);
        await Task.Delay(200, TimeoutToken);
        var disposing = session.DisposeAsync().AsTask();
        await disposing.WaitAsync(TimeSpan.FromSeconds(10), TimeoutToken);

        var rest = await ReadToEndAsync(socket);
        Assert.Empty(rest);
    }

    private async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, TimeoutToken)) > 0)
            {
                await received.WriteAsync(buffer.AsMemory(0, read), TimeoutToken);
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            // A reset is as good an end as a FIN here.
        }

        return received.ToArray();
    }
}
