using System.Buffers.Binary;
using System.Net.Sockets;

namespace RemoteJupyter.Core.Tests.Ssh.Agent;

/// <summary>
/// A Unix socket that answers each connection's first message with fixed bytes, to test replies a real ssh-agent
/// would not give (failures, garbage, a hang). Records the request bodies it received.
/// </summary>
internal sealed class FakeAgent : IAsyncDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("rj-agent-").FullName;
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;

    public FakeAgent(Func<byte[], byte[]?> reply)
    {
        SocketPath = Path.Combine(dir, "agent.sock");
        listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        listener.Listen();
        serving = ServeAsync(reply);
    }

    public string SocketPath { get; }

    public List<byte[]> Requests { get; } = [];

    /// <summary>A framed reply: length, then <paramref name="body"/>.</summary>
    public static byte[] Frame(params byte[] body)
    {
        var framed = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed, (uint)body.Length);
        body.CopyTo(framed, 4);
        return framed;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Dispose();
        try
        {
            await serving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The accept loop ends by its socket being closed.
        }

        stop.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    private async Task ServeAsync(Func<byte[], byte[]?> reply)
    {
        while (!stop.IsCancellationRequested)
        {
            using var connection = await listener.AcceptAsync(stop.Token);
            var header = new byte[4];
            await connection.ReceiveAsync(header, stop.Token);
            var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header)];
            for (var read = 0; read < body.Length;)
            {
                read += await connection.ReceiveAsync(body.AsMemory(read), stop.Token);
            }

            lock (Requests)
            {
                Requests.Add(body);
            }

            if (reply(body) is { } answer)
            {
                await connection.SendAsync(answer, stop.Token);
            }
            else
            {
                // Hang: hold the connection open without answering until the test ends.
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
        }
    }
}
