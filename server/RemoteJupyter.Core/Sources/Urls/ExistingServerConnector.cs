using System.Net;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Sources.Tls;

namespace RemoteJupyter.Core.Sources.Urls;

/// <summary>
/// Connects to a Jupyter server someone already runs, reached by URL: checks its certificate (system trust, then the
/// pin file, then the person), starts a local relay when VS Code cannot talk to it directly (a pinned certificate, or
/// a server reached through an SSH host), and logs in.
/// </summary>
public sealed partial class ExistingServerConnector
{
    private readonly ILogger<ExistingServerConnector> logger;

    /// <summary>Creates the connector.</summary>
    public ExistingServerConnector(ILogger<ExistingServerConnector> logger) => this.logger = logger;

    /// <summary>
    /// Opens a session; nothing secret is sent before the certificate is settled. Fails with
    /// <see cref="RemoteJupyterException"/>: <see cref="ErrorCode.InvalidServerUrl"/>, <see cref="ErrorCode.ServerUnreachable"/>,
    /// <see cref="ErrorCode.CertificateNotTrusted"/>, <see cref="ErrorCode.CertificateChanged"/> or <see cref="ErrorCode.ServerLoginFailed"/>.
    /// </summary>
    public async Task<ExistingServerSession> ConnectAsync(
        ExistingServerRequest request, ICertificatePrompts prompts, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(prompts);
        var address = ServerAddress.Parse(request.Url);
        var token = string.IsNullOrEmpty(request.Token) ? address.TokenFromUrl : request.Token;
        var auth = !string.IsNullOrEmpty(request.Password) ? ServerAuthKind.Password
            : !string.IsNullOrEmpty(token) ? ServerAuthKind.Token
            : ServerAuthKind.None;
        var url = address.BaseUrl;
        var endpoint = request.Dial ?? new DnsEndPoint(url.IdnHost, url.Port);
        var tls = url.Scheme == Uri.UriSchemeHttps;
        LogConnecting(logger, address.Display, endpoint.Host, endpoint.Port, auth);

        CertificateTrust? trust = null;
        if (tls)
        {
            progress?.Report($"Checking the TLS certificate of {url.Host}:{url.Port}");
            trust = await CheckCertificateAsync(address, endpoint, new PinFile(request.PinFile ?? PinFile.DefaultPath), prompts, ct);
        }

        ServerRelay? relay = null;
        var local = url;
        if (!NeedsRelay(tls, trust, request.Dial is not null))
        {
            if (tls)
            {
                LogDirect(logger, address.Display);
                progress?.Report($"Using {address.Display} directly: the system trusts its certificate");
            }
        }
        else
        {
            var dialer = new UpstreamDialer(endpoint, tls ? url.IdnHost : null, trust is null ? null : trust.Validate);
            if (!tls)
            {
                // Through the relay a failed dial reaches HttpClient only as a closed connection; dial once here so
                // the person reads the real reason (refused, timed out, unknown host).
                await using (await dialer.OpenAsync(ct))
                {
                }
            }

            relay = ServerRelay.Start(dialer, logger);
            local = new UriBuilder(Uri.UriSchemeHttp, IPAddress.Loopback.ToString(), relay.Port, url.AbsolutePath).Uri;
            progress?.Report($"Relaying {local} to {address.Display}");
        }

        var session = new ExistingServerSession(
            address, local, auth, auth == ServerAuthKind.Token ? token : null, request.Password, trust?.Fingerprint, relay, logger);
        try
        {
            await session.AuthenticateAsync(progress, ct);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Whether VS Code needs a local relay to use the server: for a pinned certificate (VS Code's Jupyter client cannot
    /// be told to trust one) and for a server reached through an SSH host (its URL names the host as that host sees it).
    /// A certificate the system trusts needs none, and must not get one: the relay passes on <c>Host: 127.0.0.1:PORT</c>,
    /// which name-based reverse proxies (virtual hosts) answer with 404 or another site.
    /// </summary>
    internal static bool NeedsRelay(bool tls, CertificateTrust? trust, bool dialled) =>
        dialled || (tls && trust?.IsSystemTrusted != true);

    /// <summary>One handshake that accepts anything but only looks; the decision is made afterwards, with no secret sent.</summary>
    private async Task<CertificateTrust> CheckCertificateAsync(
        ServerAddress address, DnsEndPoint endpoint, PinFile pins, ICertificatePrompts prompts, CancellationToken ct)
    {
        var host = address.BaseUrl.IdnHost;
        ProbedCertificate? probed = null;
        var dialer = new UpstreamDialer(endpoint, host, (_, certificate, chain, errors) =>
        {
            if (certificate is not null)
            {
                probed = ProbedCertificate.From(host, certificate, chain, errors);
            }

            return certificate is not null;
        });
        await using (await dialer.OpenAsync(ct))
        {
        }

        return await new CertificateVerifier(logger).VerifyAsync(probed!, address.BaseUrl.Host, address.BaseUrl.Port, pins, prompts, ct);
    }

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "Connecting to existing server {Server} via {DialHost}:{DialPort} ({Auth})")]
    private static partial void LogConnecting(ILogger logger, string server, string dialHost, int dialPort, ServerAuthKind auth);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "No relay for {Server}: its certificate is trusted by the system, so clients connect to it directly")]
    private static partial void LogDirect(ILogger logger, string server);
}
