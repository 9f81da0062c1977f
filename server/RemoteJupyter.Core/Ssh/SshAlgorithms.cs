using Renci.SshNet;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Removes what OpenSSH's client no longer offers by default: SHA-1 key exchange and signatures,
/// CBC/3DES ciphers, MD5 and truncated MACs. A server that needs them should be upgraded. We go one
/// step further than OpenSSH 9.x and drop SHA-1 MACs too (they matter only with CTR ciphers; OpenSSH
/// has offered SHA-2 MACs since 5.9, 2011); a server offering nothing better gets the message of
/// <see cref="WeakAlgorithmRefusal"/>. Host certificates are never negotiated: we do not accept
/// <c>@cert-authority</c>, so a server with a certificate must show its plain key for known_hosts.
/// </summary>
internal static class SshAlgorithms
{
    private const string CertificateSuffix = "-cert-v01@openssh.com";

    // The client's order decides. SSH.NET would pick aes128-ctr + HMAC-SHA2 and OpenSSH chacha20-poly1305; AES-GCM
    // runs on the CPU's AES instructions on both ends (BCL AesGcm here, OpenSSL in sshd) and needs no separate MAC,
    // which cut sshd's CPU per tunnelled byte by a third (docs/performance.md).
    private static readonly string[] FastCiphers = ["aes128-gcm@openssh.com", "aes256-gcm@openssh.com"];

    public static void Harden(ConnectionInfo info)
    {
        RemoveAll(info.KeyExchangeAlgorithms, name => IsRefused(SshAlgorithmKind.KeyExchange, name));
        RemoveAll(info.HostKeyAlgorithms, name => IsRefused(SshAlgorithmKind.HostKey, name));
        RemoveAll(info.Encryptions, name => IsRefused(SshAlgorithmKind.Cipher, name));
        RemoveAll(info.HmacAlgorithms, name => IsRefused(SshAlgorithmKind.Mac, name));
        PreferFirst(info.Encryptions, FastCiphers);
    }

    /// <summary>True for an algorithm <see cref="Harden"/> removes: weak, or (host keys) a certificate.</summary>
    public static bool IsRefused(SshAlgorithmKind kind, string name) =>
        IsWeak(kind, name) || (kind == SshAlgorithmKind.HostKey && name.EndsWith(CertificateSuffix, StringComparison.Ordinal));

    /// <summary>True for an algorithm OpenSSH 9.x's client dropped from its defaults (or, for MACs, uses SHA-1).</summary>
    public static bool IsWeak(SshAlgorithmKind kind, string name) => kind switch
    {
        // SHA-1 exchange hashes; group1 is also a 1024-bit group.
        SshAlgorithmKind.KeyExchange => name.EndsWith("-sha1", StringComparison.Ordinal),

        // SHA-1 signatures (ssh-rsa is the SHA-1 one; rsa-sha2-* use the same keys) and DSA.
        SshAlgorithmKind.HostKey => name is "ssh-rsa" or "ssh-dss" or "ssh-rsa" + CertificateSuffix or "ssh-dss" + CertificateSuffix,

        // CBC (the padding oracles of 2008 and later), 3DES (64-bit blocks) and RC4.
        SshAlgorithmKind.Cipher => name.EndsWith("-cbc", StringComparison.Ordinal)
            || name.StartsWith("3des", StringComparison.Ordinal)
            || name.StartsWith("arcfour", StringComparison.Ordinal),

        // MD5, SHA-1 and truncated (-96) MACs; hmac-sha2-* with or without -etm stay.
        SshAlgorithmKind.Mac => name.Contains("md5", StringComparison.Ordinal)
            || name.Contains("-96", StringComparison.Ordinal)
            || name.StartsWith("hmac-sha1", StringComparison.Ordinal)
            || name.StartsWith("hmac-ripemd160", StringComparison.Ordinal),

        _ => false,
    };

    /// <summary>Moves <paramref name="first"/> (those present) to the front, keeping the others' order.</summary>
    private static void PreferFirst<T>(IDictionary<string, T> algorithms, IReadOnlyList<string> first)
    {
        var ordered = first.Where(algorithms.ContainsKey).Concat(algorithms.Keys.Where(name => !first.Contains(name)))
            .Select(name => KeyValuePair.Create(name, algorithms[name])).ToList();

        // Dictionary keeps insertion order only while nothing was removed, so rebuild it from empty.
        algorithms.Clear();
        foreach (var (name, value) in ordered)
        {
            algorithms.Add(name, value);
        }
    }

    private static void RemoveAll<T>(IDictionary<string, T> algorithms, Func<string, bool> refused)
    {
        foreach (var name in algorithms.Keys.Where(refused).ToList())
        {
            algorithms.Remove(name);
        }
    }
}
