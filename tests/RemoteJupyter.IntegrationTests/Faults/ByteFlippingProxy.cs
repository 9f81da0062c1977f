using System.Net;
using System.Net.Sockets;
using RemoteJupyter.IntegrationTests.Fixtures;

namespace RemoteJupyter.IntegrationTests.Faults;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a port, which on request corrupts one byte the server sends: what a
/// faulty middlebox does. SSH must notice it (MAC failure) and fail cleanly, not hang.
/// </summary>
internal sealed class ByteFlippingProxy(int targetPort) : LoopbackServer
{
    private readonly Lock gate = new();
    private readonly List<Socket> sockets = [];
    private int armed;
    private int flipped;

    /// <summary>How many bytes were corrupted so far.</summary>
    public int Flipped => Volatile.Read(ref flipped);

    /// <summary>The next chunk from the server reaches the client with one byte inverted.</summary>
    public void FlipNextServerByte() => Volatile.Write(ref armed, 1);

    protected override Task ServeAsync(Socket client, CancellationToken token) => RelayAsync(client, token);

    protected override void OnStopped()
    {
        lock (gate)
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            sockets.Clear();
        }
    }

    private async Task RelayAsync(Socket client, CancellationToken token)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        lock (gate)
        {
            sockets.Add(client);
            sockets.Add(server);
        }

        try
        {
            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, targetPort), token);
            await Task.WhenAll(SocketPump.CopyAsync(client, server, token), SocketPump.CopyAsync(server, client, token, Corrupt));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went away; both are closed below.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
            lock (gate)
            {
                sockets.Remove(client);
                sockets.Remove(server);
            }
        }
    }

    private void Corrupt(Memory<byte> chunk)
    {
        if (Interlocked.Exchange(ref armed, 0) == 1)
        {
            chunk.Span[chunk.Length / 2] ^= 0xFF;
            Interlocked.Increment(ref flipped);
        }
    }
}
