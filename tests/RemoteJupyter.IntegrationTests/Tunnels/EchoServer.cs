using System.Net.Sockets;
using RemoteJupyter.IntegrationTests.Fixtures;

namespace RemoteJupyter.IntegrationTests.Tunnels;

/// <summary>A TCP echo server on 127.0.0.1: every byte comes back, and end of stream is passed back as a half close.</summary>
internal sealed class EchoServer : LoopbackServer
{
    protected override async Task ServeAsync(Socket client, CancellationToken token)
    {
        using (client)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await client.ReceiveAsync(buffer, token)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, read), token);
                }

                client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                // The test is over.
            }
        }
    }
}
