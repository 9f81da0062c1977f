namespace RemoteJupyter.Core.Sources.Tls;

/// <summary>Asks a person about a TLS certificate that neither the system nor the pin file vouches for.</summary>
public interface ICertificatePrompts
{
    /// <summary>True to trust (and pin) the certificate, false to refuse the connection.</summary>
    Task<bool> ConfirmCertificateAsync(CertificateDetails details, CancellationToken ct);
}
