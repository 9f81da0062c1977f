using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace RemoteJupyter.Core.Sources.Tls;

/// <summary>
/// The decision made once per session, applied to every later TLS connection to the same server: what the system
/// trusts passes, and otherwise only the one certificate the person pinned or accepted.
/// </summary>
public sealed class CertificateTrust
{
    private readonly string? acceptedFingerprint;

    /// <summary>Trusts the system's verdict, plus <paramref name="acceptedFingerprint"/> when not null.</summary>
    public CertificateTrust(string fingerprint, string? acceptedFingerprint)
    {
        Fingerprint = fingerprint;
        this.acceptedFingerprint = acceptedFingerprint;
    }

    /// <summary>The fingerprint of the certificate seen when the session was opened.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// True when the system's trust store vouched for the certificate (no pin involved): any client on this machine,
    /// VS Code's Jupyter client included, accepts it without our help.
    /// </summary>
    public bool IsSystemTrusted => acceptedFingerprint is null;

    /// <summary>For <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A different certificate in mid-session is refused here; the next connect reports it as changed.
        return certificate is not null && acceptedFingerprint is not null &&
            CertificateFingerprint.Equal(CertificateFingerprint.Of(certificate), acceptedFingerprint);
    }
}
