namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Everything needed to open an SSH connection, after ssh_config and the typed target have been combined.
/// Paths are absolute where the config gave them that way, with <c>~</c> and <c>%</c> tokens expanded.
/// </summary>
/// <param name="Alias">The host exactly as typed, which is what <c>Host</c> patterns were matched against.</param>
/// <param name="HostName">The name or address to connect to, lower-cased like OpenSSH does.</param>
/// <param name="Port">The TCP port.</param>
/// <param name="User">The remote user.</param>
/// <param name="IdentityFiles">Private keys to try in order; may name files that do not exist, so callers filter.</param>
/// <param name="IdentitiesOnly">Whether only <paramref name="IdentityFiles"/> may be offered, not every agent key.</param>
/// <param name="UserKnownHostsFiles">known_hosts files to read, in order; the first is where new keys go. Empty means none.</param>
public sealed record ResolvedHost(
    string Alias,
    string HostName,
    int Port,
    string User,
    IReadOnlyList<string> IdentityFiles,
    bool IdentitiesOnly,
    IReadOnlyList<string> UserKnownHostsFiles);
