using System.Net;
using System.Net.Sockets;

namespace RemoteJupyter.IntegrationTests.Faults;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a port, which on request corrupts one byte the server sends: what a
/// faulty middlebox does. SSH must notice it (MAC failure) and fail cleanly, not hang.
/// </summary>
internal sealed class ByteFlippingProxy : IDisposable
{
    private readonly int targetPort;
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private readonly List<Socket> sockets = [];
    private int armed;
    private int flipped;

    public ByteFlippingProxy(int targetPort)
    {
        this.targetPort = targetPort;
        listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>How many bytes were corrupted so far.</summary>
    public int Flipped => Volatile.Read(ref flipped);

    /// <summary>The next chunk from the server reaches the client with one byte inverted.</summary>
    public void FlipNextServerByte() => Volatile.Write(ref armed, 1);

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        lock (gate)
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            sockets.Clear();
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        var token = stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client, token), token);
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
