using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RemoteJupyter.Core.Sources.Tls;

/// <summary>The fingerprint format shown to people and kept in the pin file: like ssh's, so it reads familiar.</summary>
public static class CertificateFingerprint
{
    /// <summary>The prefix every fingerprint starts with.</summary>
    public const string Prefix = "SHA256:";

    /// <summary><c>SHA256:</c> + unpadded base64 of the SHA-256 of the certificate's DER encoding.</summary>
    public static string Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Prefix + Convert.ToBase64String(certificate.GetCertHash(HashAlgorithmName.SHA256)).TrimEnd('=');
    }

    /// <summary>Compares two fingerprints; the base64 part is case-sensitive, stray padding is ignored.</summary>
    public static bool Equal(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);

    /// <summary>True when <paramref name="text"/> looks like a fingerprint this class makes.</summary>
    public static bool IsWellFormed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = text[Prefix.Length..].TrimEnd('=');
        Span<byte> hash = stackalloc byte[64];
        return Convert.TryFromBase64String(body + new string('=', (4 - (body.Length % 4)) % 4), hash, out var written) && written == 32;
    }

    private static string Normalize(string fingerprint) => fingerprint.Trim().TrimEnd('=');
}
