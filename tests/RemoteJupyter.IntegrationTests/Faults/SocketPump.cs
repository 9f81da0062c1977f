using System.Net.Sockets;

namespace RemoteJupyter.IntegrationTests.Faults;

/// <summary>One direction of a relayed TCP connection: end of stream becomes a half close, an error closes both sides.</summary>
internal static class SocketPump
{
    /// <summary>
    /// Copies <paramref name="from"/> to <paramref name="to"/> until end of stream. <paramref name="inspect"/> sees
    /// (and may change) each chunk before it is sent; tests use it to play a faulty middlebox.
    /// </summary>
    public static async Task CopyAsync(Socket from, Socket to, CancellationToken token, Action<Memory<byte>>? inspect = null)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                var chunk = buffer.AsMemory(0, read);
                inspect?.Invoke(chunk);
                await to.SendAsync(chunk, SocketFlags.None, token);
            }
        }
        catch
        {
            from.Dispose();
            to.Dispose();
            throw;
        }
    }
}
