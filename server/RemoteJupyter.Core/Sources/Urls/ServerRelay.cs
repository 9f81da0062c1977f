using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Sources.Urls;

/// <summary>
/// A plain-http listener on 127.0.0.1 that passes each connection's bytes to the server, doing the TLS VS Code cannot
/// (it has no way to trust one self-signed certificate) or reaching the server through a tunnel. Byte-level, so HTTP
/// and websockets pass unchanged; fixed buffers, so downloads stream in constant memory.
/// </summary>
internal sealed partial class ServerRelay : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;
    private static readonly TimeSpan LingerIdle = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LingerCheck = TimeSpan.FromSeconds(1);

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<long, Task> connections = new();
    private readonly UpstreamDialer dialer;
    private readonly ILogger logger;
    private Task acceptLoop = Task.CompletedTask;
    private long nextId;
    private bool disposed;

    private ServerRelay(UpstreamDialer dialer, ILogger logger)
    {
        this.dialer = dialer;
        this.logger = logger;
    }

    /// <summary>The local port, on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>How many client connections are being relayed now.</summary>
    public int ActiveConnections => connections.Count;

    public static ServerRelay Start(UpstreamDialer dialer, ILogger logger)
    {
        var relay = new ServerRelay(dialer, logger);
        relay.listener.Start();
        relay.Port = ((IPEndPoint)relay.listener.LocalEndpoint).Port;
        relay.acceptLoop = relay.AcceptAsync();
        LogListening(logger, relay.Port, dialer.Endpoint.Host, dialer.Endpoint.Port);
        return relay;
    }

    /// <summary>Stops listening and cuts every relayed connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await stopping.CancelAsync();
        listener.Stop();
        await acceptLoop;
        await Task.WhenAll(connections.Values);
        stopping.Dispose();
        LogStopped(logger, Port);
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A client that vanished before being accepted must not end the relay.
                LogAcceptFailed(logger, ex.Message);
                continue;
            }

            var id = Interlocked.Increment(ref nextId);
            var relayed = RelayAsync(id, client);
            connections[id] = relayed;
            if (relayed.IsCompleted)
            {
                // It finished before it was filed, so its own removal came too early.
                connections.TryRemove(id, out _);
            }
        }
    }

    private async Task RelayAsync(long id, Socket client)
    {
        // Yield first so the accept loop is never held up by a slow dial.
        await Task.Yield();
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        try
        {
            client.NoDelay = true;
            await using var upstream = await dialer.OpenAsync(cut.Token);
            await using var local = new NetworkStream(client, ownsSocket: false);
            var lastAnswer = new StrongBox<long>(Environment.TickCount64);
            var up = PumpAsync(local, upstream.Stream, upstream.CanHalfClose ? upstream.CloseSending : null, null, cut);
            var down = PumpAsync(upstream.Stream, local, () => client.Shutdown(SocketShutdown.Send), lastAnswer, cut);
            await up;
            if (!upstream.CanHalfClose)
            {
                await LingerAsync(down, lastAnswer, cut);
            }

            await down;
        }
        catch (RemoteJupyterException ex)
        {
            LogDialFailed(logger, id, ex.Message);
        }
        catch (OperationCanceledException) when (cut.IsCancellationRequested)
        {
            // The relay is stopping, or the other direction failed and cut this one.
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // One broken connection must never take the relay (or disposal, which awaits it) down with it.
            LogConnectionBroke(logger, ex.Message);
        }
        finally
        {
            client.Dispose();
            connections.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// Copies one direction with one pooled buffer until its end of stream, then half-closes the other side so a
    /// client that finished sending still gets its answer. A failure cuts both directions.
    /// </summary>
    private async Task PumpAsync(Stream from, Stream to, Action? endOfStream, StrongBox<long>? lastData, CancellationTokenSource cut)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cut.Token)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cut.Token);
                if (lastData is not null)
                {
                    Volatile.Write(ref lastData.Value, Environment.TickCount64);
                }
            }

            endOfStream?.Invoke();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            if (!cut.IsCancellationRequested)
            {
                LogConnectionBroke(logger, ex.Message);
                await cut.CancelAsync();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The client finished sending but TLS cannot pass that on: close_notify (or a FIN under TLS) makes servers such
    /// as tornado drop the request unanswered. So the answer is awaited instead, and the connection cut once the
    /// server has been silent for <see cref="LingerIdle"/>, since a keep-alive server may never close it.
    /// </summary>
    private static async Task LingerAsync(Task down, StrongBox<long> lastAnswer, CancellationTokenSource cut)
    {
        while (!down.IsCompleted && !cut.IsCancellationRequested)
        {
            await Task.WhenAny(down, Task.Delay(LingerCheck, cut.Token));
            if (Environment.TickCount64 - Volatile.Read(ref lastAnswer.Value) > LingerIdle.TotalMilliseconds)
            {
                await cut.CancelAsync();
            }
        }
    }

    [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "Relay listening on 127.0.0.1:{Port} for {Host}:{ServerPort}")]
    private static partial void LogListening(ILogger logger, int port, string host, int serverPort);

    [LoggerMessage(EventId = 5031, Level = LogLevel.Information, Message = "Relay on port {Port} stopped")]
    private static partial void LogStopped(ILogger logger, int port);

    [LoggerMessage(EventId = 5032, Level = LogLevel.Warning, Message = "Relay connection {Id} could not reach the server: {Reason}")]
    private static partial void LogDialFailed(ILogger logger, long id, string reason);

    [LoggerMessage(EventId = 5033, Level = LogLevel.Debug, Message = "Relay connection broke: {Reason}")]
    private static partial void LogConnectionBroke(ILogger logger, string reason);

    [LoggerMessage(EventId = 5034, Level = LogLevel.Warning, Message = "Relay could not accept a connection: {Reason}")]
    private static partial void LogAcceptFailed(ILogger logger, string reason);
}
