using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// One websocket to a kernel's <c>channels</c> endpoint. Reusing a channel for many executions skips the
/// connect and kernel_info handshake that otherwise dominates a round trip.
/// </summary>
/// <remarks>
/// Executions on one channel run one at a time. Cancelling an execution aborts the websocket (that is how
/// <see cref="ClientWebSocket"/> cancels), so the channel cannot be used afterwards.
/// </remarks>
public sealed class KernelChannel : IAsyncDisposable
{
    // jupyter_server answers a close frame at once; waiting longer only delays shutdown when it is gone.
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);
    private const int ReceiveChunk = 16 * 1024;

    private readonly ClientWebSocket socket;
    private readonly SemaphoreSlim executionGate = new(1, 1);
    private readonly ArrayBufferWriter<byte> receiveBuffer = new(ReceiveChunk);
    private bool disposed;

    private KernelChannel(ClientWebSocket socket, string kernelId, string sessionId)
    {
        this.socket = socket;
        KernelId = kernelId;
        SessionId = sessionId;
    }

    /// <summary>The kernel this channel talks to.</summary>
    public string KernelId { get; }

    /// <summary>The Jupyter session id we send in every message header.</summary>
    public string SessionId { get; }

    /// <summary>
    /// Runs <paramref name="code"/> and waits until the kernel has both replied on shell and gone idle on
    /// iopub for it, so all output of the cell is included.
    /// </summary>
    /// <exception cref="RemoteJupyterException">The channel broke, or the kernel died or restarted.</exception>
    public async Task<KernelExecution> ExecuteAsync(string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        ObjectDisposedException.ThrowIf(disposed, this);
        await executionGate.WaitAsync(cancellationToken);
        try
        {
            var msgId = KernelMessages.NewId();
            LastRequestId = msgId;
            var request = KernelMessages.ExecuteRequest(msgId, SessionId, code, DateTimeOffset.UtcNow);
            await socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            return await CollectAsync(msgId, cancellationToken);
        }
        catch (WebSocketException ex)
        {
            throw new RemoteJupyterException(
                ErrorCode.Unexpected,
                $"The channel to kernel {KernelId} broke while executing code: {ex.Message}",
                ex);
        }
        finally
        {
            executionGate.Release();
        }
    }

    /// <summary>The message id of the last execute request sent on this channel.</summary>
    public string? LastRequestId { get; private set; }

    /// <summary>
    /// Waits for the outcome of an execution sent earlier, possibly on another channel of the same session whose
    /// connection dropped: jupyter_server replays what it buffered for the session when it reconnects.
    /// </summary>
    public async Task<KernelExecution> AwaitExecutionAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ObjectDisposedException.ThrowIf(disposed, this);
        await executionGate.WaitAsync(cancellationToken);
        try
        {
            return await CollectAsync(requestId, cancellationToken);
        }
        catch (WebSocketException ex)
        {
            throw new RemoteJupyterException(ErrorCode.Unexpected, $"The channel to kernel {KernelId} broke while waiting for output: {ex.Message}", ex);
        }
        finally
        {
            executionGate.Release();
        }
    }

    /// <summary>Says goodbye with a close frame so the server frees the connection at once.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        }
    }

    /// <summary>Closes politely if the server still listens, waiting at most a couple of seconds, then frees the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await CloseAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The socket is going away either way; a server that vanished must not fail disposal.
        }
        finally
        {
            socket.Dispose();
            executionGate.Dispose();
        }
    }

    /// <summary>Connects; the caller has already built the ws(s) URI, which never carries a credential.</summary>
    internal static async Task<KernelChannel> ConnectAsync(
        Uri channelsUri,
        string kernelId,
        string sessionId,
        IReadOnlyDictionary<string, string> headers,
        HttpMessageInvoker invoker,
        CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            // The same headers as the REST calls: a token, or a login's cookies and XSRF header.
            foreach (var (name, value) in headers)
            {
                socket.Options.SetRequestHeader(name, value);
            }

            // Without this a refused upgrade surfaces only as "expected 101", hiding a wrong token or kernel id.
            socket.Options.CollectHttpResponseDetails = true;
            await socket.ConnectAsync(channelsUri, invoker, cancellationToken);
            return new KernelChannel(socket, kernelId, sessionId);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            var action = $"Opening a channel to kernel {kernelId}";
            throw status == 0
                ? JupyterApiClient.Unreachable(action, ex)
                : JupyterApiClient.HttpFailure(action, status, status == HttpStatusCode.NotFound ? "no such kernel" : null, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<KernelExecution> CollectAsync(string msgId, CancellationToken cancellationToken)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        string? status = null;
        string? errorName = null;
        string? errorValue = null;
        var idle = false;

        // Both are needed: the reply can overtake the last iopub output, and idle can precede the reply.
        while (status is null || !idle)
        {
            using var message = await ReceiveAsync(cancellationToken);
            if (message is null)
            {
                continue;
            }

            var root = message.RootElement;
            var msgType = GetString(root, "header", "msg_type");
            var content = root.TryGetProperty("content", out var c) ? c : default;
            if (msgType == "status")
            {
                // The server announces these itself with no parent, so they cannot be matched to our request.
                var state = GetString(content, "execution_state");
                if (state is "dead" or "restarting")
                {
                    throw new RemoteJupyterException(
                        ErrorCode.Unexpected,
                        $"Kernel {KernelId} died or restarted while executing code (state '{state}').");
                }
            }

            if (GetString(root, "parent_header", "msg_id") != msgId)
            {
                continue;
            }

            var channel = GetString(root, "channel");
            switch (msgType)
            {
                case "execute_reply" when channel == "shell":
                    status = GetString(content, "status") ?? "unknown";
                    if (status == "error")
                    {
                        errorName ??= GetString(content, "ename");
                        errorValue ??= GetString(content, "evalue");
                    }

                    break;
                case "status" when channel == "iopub":
                    idle = GetString(content, "execution_state") == "idle";
                    break;
                case "stream":
                    var target = GetString(content, "name") == "stderr" ? stderr : stdout;
                    target.Append(GetString(content, "text"));
                    break;
                case "error":
                    errorName = GetString(content, "ename");
                    errorValue = GetString(content, "evalue");
                    break;
                case "execute_result":
                    stdout.Append(GetString(content, "data", "text/plain"));
                    break;
                default:
                    break;
            }
        }

        return new KernelExecution(status, stdout.ToString(), stderr.ToString(), errorName, errorValue);
    }

    /// <summary>Reads one whole message, which may span many frames; null for binary messages, which we never need.</summary>
    private async Task<JsonDocument?> ReceiveAsync(CancellationToken cancellationToken)
    {
        receiveBuffer.ResetWrittenCount();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(receiveBuffer.GetMemory(ReceiveChunk), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new RemoteJupyterException(
                    ErrorCode.Unexpected,
                    $"The server closed the channel to kernel {KernelId} ({socket.CloseStatus} {socket.CloseStatusDescription}); " +
                    "the kernel may have been shut down.");
            }

            receiveBuffer.Advance(result.Count);
        }
        while (!result.EndOfMessage);

        if (result.MessageType != WebSocketMessageType.Text)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(receiveBuffer.WrittenMemory);
        }
        catch (JsonException ex)
        {
            throw new RemoteJupyterException(
                ErrorCode.Unexpected,
                $"The channel to kernel {KernelId} delivered a message that is not valid JSON.",
                ex);
        }
    }

    private static string? GetString(JsonElement element, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}
