using System.Net;
using System.Net.Sockets;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// A TCP server on 127.0.0.1 (the test "remote" is this machine) that hands each accepted connection to
/// <see cref="ServeAsync"/> on its own task until disposed.
/// </summary>
internal abstract class LoopbackServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private bool disposed;

    protected LoopbackServer()
    {
        listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        stopping.Cancel();
        listener.Stop();
        OnStopped();
        stopping.Dispose();
    }

    /// <summary>Serves one accepted connection; owns and closes <paramref name="client"/>.</summary>
    protected abstract Task ServeAsync(Socket client, CancellationToken token);

    /// <summary>Runs after the listener stopped, before the token is disposed.</summary>
    protected virtual void OnStopped()
    {
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

            _ = Task.Run(() => ServeAsync(client, token), token);
        }
    }
}
