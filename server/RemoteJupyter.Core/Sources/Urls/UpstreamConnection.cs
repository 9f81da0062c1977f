using System.Net.Sockets;

namespace RemoteJupyter.Core.Sources.Urls;

/// <summary>A connection to the server: the stream to talk on (TLS or plain) and its socket, kept for half-closing.</summary>
internal sealed class UpstreamConnection(Stream stream, Socket socket) : IAsyncDisposable
{
    public Stream Stream { get; } = stream;

    /// <summary>Says "nothing more from us" while still reading the answer: close_notify for TLS, then a TCP FIN.</summary>
    public async Task CloseSendingAsync()
    {
        if (Stream is System.Net.Security.SslStream ssl)
        {
            await ssl.ShutdownAsync();
        }

        socket.Shutdown(SocketShutdown.Send);
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        socket.Dispose();
    }
}
