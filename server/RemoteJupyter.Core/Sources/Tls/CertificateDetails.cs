namespace RemoteJupyter.Core.Sources.Tls;

/// <summary>What a person needs to decide whether to trust a certificate, and where the answer will be kept.</summary>
/// <param name="Host">The host of the server URL (the name the certificate should be for).</param>
/// <param name="Port">The port of the server URL.</param>
/// <param name="FingerprintSha256"><c>SHA256:</c> and the unpadded base64 of the certificate's SHA-256 hash, as ssh shows keys.</param>
/// <param name="Subject">The certificate's subject.</param>
/// <param name="Issuer">The certificate's issuer (the same as the subject when self-signed).</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">End of validity.</param>
/// <param name="Problem">Why the system does not trust it, in words.</param>
/// <param name="PinFile">The file the fingerprint is added to if accepted.</param>
public sealed record CertificateDetails(
    string Host,
    int Port,
    string FingerprintSha256,
    string Subject,
    string Issuer,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string Problem,
    string PinFile);
