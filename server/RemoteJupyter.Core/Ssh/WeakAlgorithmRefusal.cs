using System.Text.RegularExpressions;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Turns SSH.NET's "No matching key exchange algorithm (server offers …)" into a message that says the server
/// offers only algorithms we removed as weak (<see cref="SshAlgorithms"/>) and what its administrator can
/// enable instead. Without this the person sees a handshake failure and may think the network is at fault.
/// </summary>
internal static partial class WeakAlgorithmRefusal
{
    /// <summary>
    /// The refusal for <paramref name="exception"/>, or null when it is not an algorithm mismatch or when the
    /// server offers nothing we call weak (then it is some other incompatibility and the plain text is better).
    /// </summary>
    public static RemoteJupyterException? Explain(Exception exception, ResolvedHost host)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(host);
        var match = NoMatchingAlgorithm().Match(exception.Message);
        if (!match.Success || KindOf(match.Groups["list"].Value) is not { } kind)
        {
            return null;
        }

        // OpenSSH lists pseudo-algorithms among its key exchanges to announce extensions; they are not choices.
        var offered = match.Groups["offers"].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(name => !name.StartsWith("ext-info-", StringComparison.Ordinal) && !name.StartsWith("kex-strict-", StringComparison.Ordinal))
            .ToList();
        var weak = offered.Count(name => SshAlgorithms.IsWeak(kind, name));
        if (weak == 0)
        {
            return null;
        }

        var (noun, instead) = Describe(kind);
        var quality = weak == offered.Count ? "weak" : "weak or unsupported";

        // OpenSSH 9.x still offers hmac-sha1; we do not (see SshAlgorithms), so we cannot claim its company there.
        var who = kind == SshAlgorithmKind.Mac ? "Remote Jupyter" : "Remote Jupyter, like current OpenSSH,";
        return new RemoteJupyterException(
            ErrorCode.WeakAlgorithmsOnly,
            $"{host.HostName} port {host.Port} offers only {quality} {noun} ({string.Join(", ", offered)}); " +
            $"{who} no longer uses {(weak == offered.Count ? "them" : "the weak ones")}. " +
            $"Ask the host's administrator to enable {instead}.",
            exception);
    }

    private static SshAlgorithmKind? KindOf(string list) => list switch
    {
        "key exchange" => SshAlgorithmKind.KeyExchange,
        "host key" => SshAlgorithmKind.HostKey,
        "client encryption" or "server encryption" => SshAlgorithmKind.Cipher,
        "client MAC" or "server MAC" => SshAlgorithmKind.Mac,
        _ => null,
    };

    private static (string Noun, string Instead) Describe(SshAlgorithmKind kind) => kind switch
    {
        SshAlgorithmKind.KeyExchange => ("key exchange algorithms",
            "curve25519-sha256, ecdh-sha2-nistp256 or diffie-hellman-group14-sha256 (KexAlgorithms in sshd_config)"),
        SshAlgorithmKind.HostKey => ("host key algorithms",
            "an ed25519 host key (ssh-keygen -A), or rsa-sha2-256 and rsa-sha2-512 for its RSA key (HostKeyAlgorithms in sshd_config, OpenSSH 7.2 or later)"),
        SshAlgorithmKind.Cipher => ("ciphers",
            "chacha20-poly1305@openssh.com, aes128-gcm@openssh.com or aes128-ctr (Ciphers in sshd_config)"),
        _ => ("MACs",
            "hmac-sha2-256-etm@openssh.com or hmac-sha2-256 (MACs in sshd_config)"),
    };

    /// <summary>SSH.NET's KeyExchange and Session texts, e.g. "No matching client MAC algorithm (server offers hmac-sha1)".</summary>
    [GeneratedRegex(@"^No matching (?<list>key exchange|host key|client encryption|server encryption|client MAC|server MAC) algorithm \(server offers (?<offers>[^)]*)\)")]
    private static partial Regex NoMatchingAlgorithm();
}
