using System.Net.Sockets;

namespace RemoteJupyter.Core.Sources.Urls;

/// <summary>A connection to the server: the stream to talk on (TLS or plain) and its socket, kept for half-closing.</summary>
internal sealed class UpstreamConnection(Stream stream, Socket socket) : IAsyncDisposable
{
    public Stream Stream { get; } = stream;

    /// <summary>
    /// Whether "nothing more from us" can be passed on while the answer is still read: yes for plain TCP (a FIN);
    /// not under TLS, where servers take close_notify or a FIN as the end of the whole connection.
    /// </summary>
    public bool CanHalfClose => Stream is not System.Net.Security.SslStream;

    /// <summary>Sends a FIN; only when <see cref="CanHalfClose"/>.</summary>
    public void CloseSending() => socket.Shutdown(SocketShutdown.Send);

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        socket.Dispose();
    }
}
