using System.Security.Cryptography;

namespace RemoteJupyter.Core.Ssh;

/// <summary>Fingerprints in OpenSSH's format, so people can compare them with <c>ssh-keygen -lf</c>.</summary>
public static class HostKeyFingerprint
{
    /// <summary><c>SHA256:</c> followed by unpadded base64 of the key blob's SHA-256.</summary>
    public static string Sha256(byte[] keyBlob) =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(keyBlob)).TrimEnd('=');
}
