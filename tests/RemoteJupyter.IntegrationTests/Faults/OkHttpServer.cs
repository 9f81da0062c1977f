using System.Net.Sockets;
using System.Text;
using RemoteJupyter.IntegrationTests.Fixtures;

namespace RemoteJupyter.IntegrationTests.Faults;

/// <summary>
/// The smallest HTTP server a tunnel can be checked with: on 127.0.0.1 (the test "remote" is this machine),
/// it answers every request with 200 and a fixed body, then closes.
/// </summary>
internal sealed class OkHttpServer : LoopbackServer
{
    public const string Body = "remote-ok";

    protected override Task ServeAsync(Socket client, CancellationToken token) => AnswerAsync(new TcpClient { Client = client }, token);

    private static async Task AnswerAsync(TcpClient client, CancellationToken token)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var seen = new StringBuilder();
                while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, token);
                    if (read == 0)
                    {
                        return;
                    }

                    seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var response = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n{Body}";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
            {
                // The client went away; nothing to answer.
            }
        }
    }
}
