namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// The outcome of <see cref="KnownHostsFile.Check"/>, pointing at the entry that decided it so a message can
/// say e.g. "remove line 12 of ~/.ssh/known_hosts".
/// </summary>
/// <param name="Status">What the files say about the key.</param>
/// <param name="File">The file holding the matching (Known), conflicting (Changed) or revoking (Revoked) entry; null when Unknown.</param>
/// <param name="Line">The 1-based line of that entry in <paramref name="File"/>; null when Unknown.</param>
public sealed record HostKeyCheck(HostKeyStatus Status, string? File, int? Line)
{
    /// <summary>
    /// Where an <c>@cert-authority</c> entry names this host (e.g. "line 3 of ~/.ssh/known_hosts"): it was not
    /// used, since host certificates are not supported. Null when there is none.
    /// </summary>
    public string? IgnoredCertificateAuthority { get; init; }
}
