namespace RemoteJupyter.Core.Ssh;

/// <summary>The lists an SSH handshake negotiates one algorithm from each (RFC 4253 section 7.1).</summary>
internal enum SshAlgorithmKind
{
    KeyExchange,
    HostKey,
    Cipher,
    Mac,
}
