using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Sources.Tls;

/// <summary>
/// Decides about a probed certificate the way ssh decides about host keys: the system's trust first, then the pin
/// file, then the person. A pinned certificate that changed is refused, never re-asked.
/// </summary>
public sealed partial class CertificateVerifier
{
    private readonly ILogger logger;

    /// <summary>Creates the verifier.</summary>
    public CertificateVerifier(ILogger logger) => this.logger = logger;

    /// <summary>The trust to apply to the session's connections, or a <see cref="RemoteJupyterException"/> saying why not.</summary>
    public async Task<CertificateTrust> VerifyAsync(
        ProbedCertificate probed, string host, int port, PinFile pins, ICertificatePrompts prompts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(probed);
        ArgumentNullException.ThrowIfNull(pins);
        ArgumentNullException.ThrowIfNull(prompts);
        var fingerprint = CertificateFingerprint.Of(probed.Certificate);
        var key = PinFile.Key(host, port);
        if (probed.Errors == System.Net.Security.SslPolicyErrors.None)
        {
            LogSystemTrusted(logger, key, fingerprint);
            return new CertificateTrust(fingerprint, null);
        }

        if (pins.Find(host, port) is { } pinned)
        {
            if (CertificateFingerprint.Equal(pinned.Fingerprint, fingerprint))
            {
                LogPinned(logger, key, fingerprint);
                return new CertificateTrust(fingerprint, pinned.Fingerprint);
            }

            LogChanged(logger, key, fingerprint, pinned.Fingerprint);
            throw new RemoteJupyterException(
                ErrorCode.CertificateChanged,
                $"The TLS certificate of {key} has changed: the server now presents {fingerprint}, but {pinned.Fingerprint} is pinned " +
                $"on line {pinned.LineNumber} of {pins.Path}. Someone may be intercepting the connection, so nothing was sent. " +
                $"If you expected a new certificate, remove line {pinned.LineNumber} of {pins.Path} and connect again.");
        }

        var cert = probed.Certificate;
        var details = new CertificateDetails(
            host, port, fingerprint, cert.Subject, cert.Issuer, cert.NotBefore, cert.NotAfter, probed.Problem, pins.Path);
        if (!await prompts.ConfirmCertificateAsync(details, ct))
        {
            LogDeclined(logger, key, fingerprint);
            throw new RemoteJupyterException(
                ErrorCode.CertificateNotTrusted,
                $"The TLS certificate of {key} ({fingerprint}) is not trusted: {probed.Problem}. It was not accepted, so nothing was sent " +
                "to the server. Compare the fingerprint with the server's certificate (openssl x509 -noout -fingerprint -sha256) and accept it if it matches.");
        }

        pins.Add(host, port, fingerprint);
        LogAccepted(logger, key, fingerprint, pins.Path);
        return new CertificateTrust(fingerprint, fingerprint);
    }

    [LoggerMessage(EventId = 5020, Level = LogLevel.Debug, Message = "Certificate of {Server} ({Fingerprint}) is trusted by the system")]
    private static partial void LogSystemTrusted(ILogger logger, string server, string fingerprint);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Debug, Message = "Certificate of {Server} ({Fingerprint}) matches its pin")]
    private static partial void LogPinned(ILogger logger, string server, string fingerprint);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Warning, Message = "Certificate of {Server} changed: {Fingerprint}, pinned {Pinned}; refused")]
    private static partial void LogChanged(ILogger logger, string server, string fingerprint, string pinned);

    [LoggerMessage(EventId = 5023, Level = LogLevel.Information, Message = "Certificate of {Server} ({Fingerprint}) declined")]
    private static partial void LogDeclined(ILogger logger, string server, string fingerprint);

    [LoggerMessage(EventId = 5024, Level = LogLevel.Information, Message = "Certificate of {Server} ({Fingerprint}) accepted and pinned in {PinFile}")]
    private static partial void LogAccepted(ILogger logger, string server, string fingerprint, string pinFile);
}
