using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RemoteJupyter.Core.Json;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// A small client for a jupyter_server's REST API and for running code in its kernels, enough for the CLI
/// demo, tests and benchmarks.
/// </summary>
/// <remarks>
/// The token travels only in the <c>Authorization</c> header, so URLs (which HttpClient puts in exception
/// messages and which proxies log) never carry it.
/// </remarks>
public sealed class JupyterApiClient : IDisposable
{
    // Server messages are echoed into our exceptions; a traceback-sized one would drown the useful part.
    private const int MaxServerMessageLength = 300;

    private readonly HttpMessageHandler handler;
    private readonly bool ownsHandler;
    private readonly HttpClient http;
    private readonly HttpMessageInvoker webSocketInvoker;
    private readonly IReadOnlyDictionary<string, string> headers;

    /// <summary>Creates a client for the server at <paramref name="baseUrl"/>.</summary>
    /// <param name="baseUrl">
    /// The server's root including any base path, such as <c>http://127.0.0.1:8888/some/base/</c>.
    /// It must not carry a query, so a URL with <c>?token=</c> is refused rather than leaked.
    /// </param>
    /// <param name="token">The server's token; empty when the server has authentication turned off.</param>
    /// <param name="handler">
    /// Optional transport, for example one that connects through a tunnel. The websocket channels use it too,
    /// so it should end in a <see cref="SocketsHttpHandler"/>. The caller keeps ownership.
    /// </param>
    public JupyterApiClient(Uri baseUrl, string token, HttpMessageHandler? handler = null)
        : this(baseUrl, TokenHeaders(token), handler)
    {
    }

    /// <summary>
    /// Creates a client that sends exactly <paramref name="headers"/> with every request and websocket upgrade, for
    /// servers reached with a session cookie and XSRF header instead of a token (a password login).
    /// </summary>
    /// <param name="baseUrl">The server's root including any base path; no query.</param>
    /// <param name="headers">Header names and values, e.g. <c>Cookie</c> and <c>X-XSRFToken</c>; empty for no authentication.</param>
    /// <param name="handler">Optional transport, as for the token overload. The caller keeps ownership.</param>
    public JupyterApiClient(Uri baseUrl, IReadOnlyDictionary<string, string> headers, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(headers);
        BaseUrl = NormalizeBaseUrl(baseUrl);
        this.headers = headers.ToDictionary(StringComparer.OrdinalIgnoreCase);
        ownsHandler = handler is null;

        // Redirects only lead to the HTML login page, and cookies would add a second credential to guard.
        this.handler = handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        http = new HttpClient(this.handler, disposeHandler: false);
        foreach (var (name, value) in this.headers)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        webSocketInvoker = new HttpMessageInvoker(this.handler, disposeHandler: false);
    }

    /// <summary>The server root, always ending in a slash so relative API paths keep the base path.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Reads <c>api/status</c>; answering at all is the server's proof of life.</summary>
    public async Task<JupyterStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        const string what = "Reading the server status";
        var json = await SendAsync(HttpMethod.Get, "api/status", null, what, cancellationToken);
        return Parse(what, () => new JupyterStatus(
            json.GetProperty("started").GetDateTimeOffset(),
            json.GetProperty("last_activity").GetDateTimeOffset(),
            json.GetProperty("connections").GetInt32(),
            json.GetProperty("kernels").GetInt32()));
    }

    /// <summary>Reads the jupyter_server version from <c>api</c>.</summary>
    public async Task<string> GetVersionAsync(CancellationToken cancellationToken)
    {
        const string what = "Reading the server version";
        var json = await SendAsync(HttpMethod.Get, "api", null, what, cancellationToken);
        return Parse(what, () => RequireString(json, "version"));
    }

    /// <summary>Lists the kernel specs the server can start.</summary>
    public async Task<KernelSpecList> ListKernelSpecsAsync(CancellationToken cancellationToken)
    {
        const string what = "Listing kernel specs";
        var json = await SendAsync(HttpMethod.Get, "api/kernelspecs", null, what, cancellationToken);
        return Parse(what, () =>
        {
            var specs = json.GetProperty("kernelspecs").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(Summary).ToArray();
            return new KernelSpecList(RequireString(json, "default"), specs);
        });

        // A spec without a readable display name still shows, under its name.
        static KernelSpecSummary Summary(JsonProperty spec)
        {
            var inner = spec.Value.TryGetProperty("spec", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
            string? Text(string name) =>
                inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new KernelSpecSummary(spec.Name, Text("display_name") ?? spec.Name, Text("language"));
        }
    }

    /// <summary>Starts a kernel and returns its id; the server has launched it but it may still be booting.</summary>
    /// <param name="kernelName">A kernel spec name, or null for the server's default.</param>
    /// <param name="cancellationToken">Bounds the request.</param>
    public async Task<string> StartKernelAsync(string? kernelName, CancellationToken cancellationToken)
    {
        var what = kernelName is null ? "Starting the default kernel" : $"Starting kernel '{kernelName}'";
        var body = new JsonObject();
        if (kernelName is not null)
        {
            body["name"] = kernelName;
        }

        var json = await SendAsync(HttpMethod.Post, "api/kernels", body, what, cancellationToken);
        return Parse(what, () => RequireString(json, "id"));
    }

    /// <summary>The ids of the kernels running on the server.</summary>
    public async Task<IReadOnlyList<string>> ListKernelIdsAsync(CancellationToken cancellationToken)
    {
        const string what = "Listing kernels";
        var json = await SendAsync(HttpMethod.Get, "api/kernels", null, what, cancellationToken);
        return Parse(what, () => json.EnumerateArray().Select(k => RequireString(k, "id")).ToList());
    }

    /// <summary>Shuts a kernel down and waits until the server has stopped it.</summary>
    public async Task ShutdownKernelAsync(string kernelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(kernelId);
        await SendAsync(HttpMethod.Delete, KernelPath(kernelId), null, $"Shutting down kernel {kernelId}", cancellationToken);
    }

    /// <summary>Runs code on a fresh channel; for many executions open one with <see cref="OpenChannelAsync(string, CancellationToken)"/>.</summary>
    public async Task<KernelExecution> ExecuteAsync(string kernelId, string code, CancellationToken cancellationToken)
    {
        var channel = await OpenChannelAsync(kernelId, cancellationToken);
        await using (channel)
        {
            return await channel.ExecuteAsync(code, cancellationToken);
        }
    }

    /// <summary>Opens a websocket to a kernel that can run many executions; the caller disposes it.</summary>
    public Task<KernelChannel> OpenChannelAsync(string kernelId, CancellationToken cancellationToken) =>
        OpenChannelAsync(kernelId, null, cancellationToken);

    /// <summary>
    /// Opens a websocket to a kernel as Jupyter session <paramref name="sessionId"/> (a new one when null). Reopening
    /// with the session id of a channel that broke (a dropped SSH connection) makes jupyter_server replay what the
    /// kernel sent meanwhile: it buffers per kernel and session.
    /// </summary>
    public Task<KernelChannel> OpenChannelAsync(string kernelId, string? sessionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(kernelId);
        sessionId ??= KernelMessages.NewId();
        var uri = BuildChannelsUri(BaseUrl, kernelId, sessionId);
        return KernelChannel.ConnectAsync(uri, kernelId, sessionId, headers, webSocketInvoker, cancellationToken);
    }

    /// <summary>Frees the connections, and the transport if this client created it.</summary>
    public void Dispose()
    {
        http.Dispose();
        webSocketInvoker.Dispose();
        if (ownsHandler)
        {
            handler.Dispose();
        }
    }

    /// <summary>Makes the base URL safe to resolve relative paths against.</summary>
    internal static Uri NormalizeBaseUrl(Uri baseUrl)
    {
        // The URL itself stays out of these messages: a refused one may well contain a token.
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The Jupyter base URL must be an absolute http or https URL.", nameof(baseUrl));
        }

        if (baseUrl.Query.Length > 0 || baseUrl.Fragment.Length > 0 || baseUrl.UserInfo.Length > 0)
        {
            throw new ArgumentException(
                "The Jupyter base URL must not contain user info, a query or a fragment; pass the token separately.",
                nameof(baseUrl));
        }

        var builder = new UriBuilder(baseUrl);
        if (!builder.Path.EndsWith('/'))
        {
            // Without the slash, resolving "api/status" would replace the last base path segment.
            builder.Path += "/";
        }

        return builder.Uri;
    }

    /// <summary>The ws(s) address of a kernel's channels; the session id lets the server tell our sockets apart.</summary>
    internal static Uri BuildChannelsUri(Uri baseUrl, string kernelId, string sessionId)
    {
        var http = new Uri(NormalizeBaseUrl(baseUrl), $"{KernelPath(kernelId)}/channels?session_id={Uri.EscapeDataString(sessionId)}");
        var builder = new UriBuilder(http) { Scheme = http.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" };
        return builder.Uri;
    }

    /// <summary>The failure for an HTTP error status, with the wording a person can act on.</summary>
    internal static RemoteJupyterException HttpFailure(string action, HttpStatusCode status, string? serverMessage, Exception? inner = null)
    {
        var reason = status switch
        {
            HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized =>
                "the server refused the token; check that it matches the one the server was started with",
            _ when string.IsNullOrWhiteSpace(serverMessage) => "the server reported an error",
            _ => $"the server said: {serverMessage}",
        };
        return new RemoteJupyterException(ErrorCode.Unexpected, $"{action} failed: {reason} (HTTP {(int)status} {status}).", inner);
    }

    /// <summary>The failure when no HTTP answer came back at all, which usually means the server is gone.</summary>
    internal static RemoteJupyterException Unreachable(string action, Exception inner) =>
        new(ErrorCode.ServerStartFailed, $"{action} failed: the Jupyter server did not answer ({inner.Message}).", inner);

    private static Dictionary<string, string> TokenHeaders(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Length == 0 ? [] : new() { ["Authorization"] = "token " + token };
    }

    private static string KernelPath(string kernelId) => $"api/kernels/{Uri.EscapeDataString(kernelId)}";

    private async Task<JsonElement> SendAsync(
        HttpMethod method,
        string relativePath,
        JsonObject? body,
        string action,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUrl, relativePath));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, CoreJsonContext.Default.JsonObject);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var message = await ReadServerMessageAsync(response, cancellationToken);
                throw HttpFailure(action, response.StatusCode, message);
            }

            if (response.StatusCode == HttpStatusCode.NoContent || method == HttpMethod.Delete)
            {
                return default;
            }

            return await response.Content.ReadFromJsonAsync(CoreJsonContext.Default.JsonElement, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(action, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation the caller never asked for.
            throw Unreachable(action, ex);
        }
        catch (JsonException ex)
        {
            throw new RemoteJupyterException(ErrorCode.Unexpected, $"{action} failed: the server's answer is not valid JSON.", ex);
        }
    }

    /// <summary>Pulls a short human message out of a jupyter_server error body, never the whole traceback.</summary>
    private async Task<string?> ReadServerMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        string? message;
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            message = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var m) ? m.GetString() : null;

            // A 500 says only "Unhandled error"; the traceback's last line names the actual problem.
            if (root.ValueKind == JsonValueKind.Object &&
                root.TryGetProperty("traceback", out var tb) && tb.ValueKind == JsonValueKind.String &&
                tb.GetString()!.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [.., var last])
            {
                message = last;
            }
        }
        catch (JsonException)
        {
            message = null;
        }

        if (string.IsNullOrWhiteSpace(message))
        {
            return null;
        }

        // Belt and braces: a server or proxy that echoes the request must not put a credential in our message.
        foreach (var value in headers.Values.Where(v => v.Length > 0))
        {
            message = message.Replace(value, "***", StringComparison.Ordinal);
        }

        return message.Length <= MaxServerMessageLength ? message : string.Concat(message.AsSpan(0, MaxServerMessageLength), "…");
    }

    private static string RequireString(JsonElement json, string name) =>
        json.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null.");

    private static T Parse<T>(string action, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new RemoteJupyterException(ErrorCode.Unexpected, $"{action} failed: the server's answer lacks the expected fields.", ex);
        }
    }
}
