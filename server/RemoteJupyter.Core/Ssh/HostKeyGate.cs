using Renci.SshNet.Common;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Decides, inside SSH.NET's synchronous <c>HostKeyReceived</c> event, whether the key is trusted.
/// It never blocks on a person: an unknown key fails the handshake and is remembered in
/// <see cref="Outcome"/>, the connection code asks asynchronously, then reconnects with the key
/// in <see cref="TrustedForSession"/>. No credentials are sent before the key is trusted.
/// </summary>
internal sealed class HostKeyGate
{
    private readonly ResolvedHost host;

    public HostKeyGate(ResolvedHost host) => this.host = host;

    /// <summary>A key the person accepted for this connection only (not written to known_hosts).</summary>
    public TrustedHostKey? TrustedForSession { get; set; }

    /// <summary>What the last handshake saw.</summary>
    public HostKeyOutcome? Outcome { get; private set; }

    /// <summary>known_hosts naming: plain host for port 22, else <c>[host]:port</c>.</summary>
    public string KnownHostsName => host.Port == 22 ? host.HostName : $"[{host.HostName}]:{host.Port}";

    public void OnHostKeyReceived(object? sender, HostKeyEventArgs e)
    {
        var blob = e.HostKey;
        var check = KnownHostsFile.Check(host.UserKnownHostsFiles, host.HostName, host.Port, e.HostKeyName, blob);
        if (check.Status == HostKeyStatus.Unknown && TrustedForSession is { } trusted
            && trusted.Type == e.HostKeyName && trusted.Blob.AsSpan().SequenceEqual(blob))
        {
            check = check with { Status = HostKeyStatus.Known };
        }

        Outcome = new HostKeyOutcome(check, e.HostKeyName, blob);
        e.CanTrust = check.Status == HostKeyStatus.Known;
    }
}

/// <summary>A host key trusted for one connection (and its reconnects), whether or not known_hosts lists it.</summary>
internal sealed record TrustedHostKey(string Type, byte[] Blob);

/// <summary>The key a server presented and how known_hosts judged it.</summary>
internal sealed record HostKeyOutcome(HostKeyCheck Check, string KeyType, byte[] Blob);
