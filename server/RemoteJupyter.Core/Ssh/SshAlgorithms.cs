using Renci.SshNet;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Removes what OpenSSH's client no longer offers by default: SHA-1 key exchange and signatures,
/// CBC/3DES ciphers, MD5 and truncated MACs. A server that needs them should be upgraded.
/// </summary>
internal static class SshAlgorithms
{
    private static readonly string[] WeakKeyExchanges =
    [
        "diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1",
    ];

    private static readonly string[] WeakHostKeys = ["ssh-dss", "ssh-rsa", "ssh-rsa-cert-v01@openssh.com", "ssh-dss-cert-v01@openssh.com"];

    public static void Harden(ConnectionInfo info)
    {
        RemoveAll(info.KeyExchangeAlgorithms, WeakKeyExchanges.Contains);
        RemoveAll(info.HostKeyAlgorithms, WeakHostKeys.Contains);
        RemoveAll(info.Encryptions, name => name.EndsWith("-cbc", StringComparison.Ordinal) || name.StartsWith("3des", StringComparison.Ordinal));
        RemoveAll(info.HmacAlgorithms, name => name.Contains("md5", StringComparison.Ordinal) || name.Contains("-96", StringComparison.Ordinal));
    }

    private static void RemoveAll<T>(IDictionary<string, T> algorithms, Func<string, bool> weak)
    {
        foreach (var name in algorithms.Keys.Where(weak).ToList())
        {
            algorithms.Remove(name);
        }
    }
}
