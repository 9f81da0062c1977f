using System.Net;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.Core.Sources.Urls;

/// <summary>
/// A logged-in connection to an existing Jupyter server: the URL and headers VS Code should use, and (for a pinned
/// certificate or a dialled tunnel) the local relay that serves that URL until the session is disposed.
/// </summary>
public sealed partial class ExistingServerSession : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly ServerRelay? relay;
    private readonly ILogger logger;
    private readonly string? token;
    private readonly string? password;
    private readonly SemaphoreSlim renewing = new(1, 1);
    private IReadOnlyDictionary<string, string> headers = new Dictionary<string, string>();

    internal ExistingServerSession(
        ServerAddress address, Uri localBaseUrl, ServerAuthKind auth, string? token, string? password,
        string? certificateFingerprint, ServerRelay? relay, ILogger logger)
    {
        Address = address;
        LocalBaseUrl = localBaseUrl;
        Auth = auth;
        this.token = token;
        this.password = password;
        CertificateFingerprint = certificateFingerprint;
        this.relay = relay;
        this.logger = logger;

        // Cookies are handled by hand: a handler's jar would resend them where we do not mean to, and redirects only
        // lead to HTML pages.
        http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = UpstreamDialer.ConnectTimeout,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>How long one request to the server may take before it counts as unreachable.</summary>
    internal static TimeSpan RequestTimeout { get; } = TimeSpan.FromSeconds(15);

    /// <summary>The server as the person gave it (without the token).</summary>
    public ServerAddress Address { get; }

    /// <summary>
    /// What VS Code gets: the URL itself when reached directly (plain http, or https with a certificate the system
    /// trusts), otherwise <c>http://127.0.0.1:PORT/base/</c> served by the relay.
    /// </summary>
    public Uri LocalBaseUrl { get; }

    /// <summary>How the session logs in.</summary>
    public ServerAuthKind Auth { get; }

    /// <summary>The headers to send with every request and websocket: a token, or cookies and XSRF, or none.</summary>
    public IReadOnlyDictionary<string, string> Headers => Volatile.Read(ref headers);

    /// <summary>The server certificate's <c>SHA256:…</c> fingerprint when the server speaks TLS.</summary>
    public string? CertificateFingerprint { get; }

    /// <summary>True when a local relay serves <see cref="LocalBaseUrl"/>.</summary>
    public bool UsesRelay => relay is not null;

    /// <summary>
    /// Checks <c>api/status</c> with the current headers; if a password session's cookie expired (or the server
    /// forgot it), logs in again with the kept password. Returns the headers to use from now on.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> RenewAsync(CancellationToken ct)
    {
        await renewing.WaitAsync(ct);
        try
        {
            var status = await GetStatusCodeAsync(Headers, ct);
            if (status == HttpStatusCode.OK)
            {
                return Headers;
            }

            if (Auth != ServerAuthKind.Password || !IsRefusal(status))
            {
                throw StatusFailure(status);
            }

            LogRenewing(logger, Address.Display);
            await LogInAsync(ct);
            return Headers;
        }
        finally
        {
            renewing.Release();
        }
    }

    /// <summary>A REST and kernel client that sends exactly <see cref="Headers"/>, as VS Code would.</summary>
    public JupyterApiClient CreateClient() => new(LocalBaseUrl, Headers);

    /// <summary>Stops the relay (and every connection through it).</summary>
    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        if (relay is not null)
        {
            await relay.DisposeAsync();
        }

        renewing.Dispose();
    }

    /// <summary>Logs in for the first time, or verifies the token (or lack of one) against <c>api/status</c>.</summary>
    internal async Task AuthenticateAsync(IProgress<string>? progress, CancellationToken ct)
    {
        if (Auth == ServerAuthKind.Password)
        {
            progress?.Report($"Logging in to {Address.Display} with the password");
            await LogInAsync(ct);
        }
        else
        {
            headers = Auth == ServerAuthKind.Token
                ? new Dictionary<string, string> { ["Authorization"] = "token " + token }
                : new Dictionary<string, string>();
        }

        progress?.Report($"Checking {Address.Display}api/status");
        var status = await GetStatusCodeAsync(Headers, ct);
        if (status != HttpStatusCode.OK)
        {
            throw StatusFailure(status);
        }

        LogConnected(logger, Address.Display, Auth, LocalBaseUrl.AbsoluteUri);
    }

    private static bool IsRefusal(HttpStatusCode status) => status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    private RemoteJupyterException StatusFailure(HttpStatusCode status)
    {
        var code = (int)status;
        if (code >= 500)
        {
            return new RemoteJupyterException(
                ErrorCode.ServerUnreachable,
                $"{Address.Display}api/status answered HTTP {code} {status}: the server (or a proxy in front of it) reports an error; see its log.");
        }

        if (!IsRefusal(status))
        {
            return new RemoteJupyterException(
                ErrorCode.InvalidServerUrl,
                $"{Address.Display}api/status answered HTTP {code} {status}; is this the URL of a Jupyter server, including its base path?");
        }

        var message = Auth switch
        {
            ServerAuthKind.Token => $"The server at {Address.Display} refused the token (HTTP {code}). Check the token the server printed when it started (jupyter server list).",
            ServerAuthKind.Password => $"The server at {Address.Display} refused the session cookie right after logging in (HTTP {code}); is something between us and the server dropping cookies?",
            _ => $"The server at {Address.Display} requires a token or a password (HTTP {code}); give one.",
        };
        return new RemoteJupyterException(ErrorCode.ServerLoginFailed, message);
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Connected to {Server} ({Auth}); local URL {LocalUrl}")]
    private static partial void LogConnected(ILogger logger, string server, ServerAuthKind auth, string localUrl);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Session cookie for {Server} no longer accepted; logging in again")]
    private static partial void LogRenewing(ILogger logger, string server);
}
