namespace RemoteJupyter.Core.Ssh;

/// <summary>An unknown host key, described the way <c>ssh</c> describes it.</summary>
/// <param name="Host">The host as known_hosts would name it: <c>host</c> or <c>[host]:port</c>.</param>
/// <param name="KeyType">For example <c>ssh-ed25519</c>.</param>
/// <param name="FingerprintSha256">For example <c>SHA256:abc…</c>, as <c>ssh-keygen -lf</c> prints it.</param>
/// <param name="KnownHostsFile">Where the key is written if the person chooses to remember it.</param>
public sealed record UnknownHostKey(string Host, string KeyType, string FingerprintSha256, string KnownHostsFile);
