using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Json;

namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>
/// HTTP to one hub: the token in the <c>Authorization</c> header only (never a URL, which HttpClient puts in its
/// exception messages), bounded connect and request times, and transport failures turned into our error codes.
/// </summary>
internal sealed class HubApi : IDisposable
{
    // A hub that is down must fail fast; one that is slow to answer an API call is broken, not busy.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    // Hub messages are echoed into our exceptions; keep them to a readable size.
    private const int MaxHubMessageLength = 300;

    private readonly HttpMessageHandler handler;
    private readonly bool ownsHandler;
    private readonly string? token;

    public HubApi(Uri hubRoot, string? token, HttpMessageHandler? handler)
    {
        Root = hubRoot;
        this.token = token;
        ownsHandler = handler is null;

        // Redirects lead only to HTML login pages (and the login form's 302 is an answer we read); cookies would
        // be a second credential to guard.
        this.handler = handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = ConnectTimeout };
        Http = new HttpClient(this.handler, disposeHandler: false) { Timeout = RequestTimeout };
        if (!string.IsNullOrEmpty(token))
        {
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", token);
        }
    }

    public Uri Root { get; }

    public HttpClient Http { get; }

    /// <summary>
    /// Sends one API request and reads its JSON answer (default for an empty body). Transport failures become
    /// <see cref="ErrorCode.ServerUnreachable"/>, a refused token <see cref="ErrorCode.HubTokenRejected"/>; other
    /// statuses are returned for the caller to judge, since a 400 or 404 means different things per call.
    /// </summary>
    public async Task<HubResponse> SendAsync(HttpMethod method, string path, JsonNode? body, string action, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Root, path));
        if (body is not null)
        {
            // Serialized up front so the request has a Content-Length: JsonContent streams chunked, and Tornado (the
            // hub's web server) drops a chunked DELETE body, which silently turned "stop and remove" into "stop".
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, action, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement json = default;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            try
            {
                json = JsonSerializer.Deserialize(text, CoreJsonContext.Default.JsonElement);
            }
            catch (JsonException ex)
            {
                throw new RemoteJupyterException(ErrorCode.Unexpected, $"{action} failed: the hub's answer is not valid JSON.", ex);
            }
        }

        var message = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
            ? Redact(m.GetString()!)
            : null;
        var result = new HubResponse(response.StatusCode, json, message);
        if (token is not null && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw TokenRejected(result);
        }

        return result;
    }

    /// <summary>Sends a prepared request; the caller disposes the response (streams are read as they arrive).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, string action, CancellationToken cancellationToken)
    {
        try
        {
            return await Http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(action, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation nobody asked for.
            throw Unreachable(action, ex);
        }
    }

    /// <summary>The failure for an answer the caller did not expect, worded from the status and the hub's message.</summary>
    public RemoteJupyterException Failure(string action, HubResponse response, ErrorCode code = ErrorCode.Unexpected) =>
        new(
            response.Status == HttpStatusCode.NotFound ? ErrorCode.HubServerNotFound : code,
            $"{action} failed: " + (response.Message is { Length: > 0 } said ? $"the hub said: {said}" : "the hub reported an error") +
            $" (HTTP {(int)response.Status}).");

    public void Dispose()
    {
        Http.Dispose();
        if (ownsHandler)
        {
            handler.Dispose();
        }
    }

    private RemoteJupyterException TokenRejected(HubResponse response)
    {
        var login = $"Log in again: remote-jupyter hub login {Root} --user NAME";

        // Expired and revoked tokens both get a bare "Forbidden"; anything else is the hub naming a missing scope.
        return response.Message is { Length: > 0 } said && !said.Equals("Forbidden", StringComparison.OrdinalIgnoreCase)
            ? new RemoteJupyterException(
                ErrorCode.HubTokenRejected,
                $"The hub refused the token for this: {said}. Tokens made by logging in have the scopes needed. {login}")
            : new RemoteJupyterException(ErrorCode.HubTokenRejected, $"The hub refused the token (expired or revoked). {login}");
    }

    private RemoteJupyterException Unreachable(string action, Exception inner) =>
        new(ErrorCode.ServerUnreachable, $"{action} failed: the hub at {Root} did not answer ({inner.Message}). Check the URL and that the hub is running.", inner);

    private string Redact(string message)
    {
        // Belt and braces: a hub or proxy that echoes the request must not put the token in our message.
        if (!string.IsNullOrEmpty(token))
        {
            message = message.Replace(token, "***", StringComparison.Ordinal);
        }

        return message.Length <= MaxHubMessageLength ? message : string.Concat(message.AsSpan(0, MaxHubMessageLength), "…");
    }
}
