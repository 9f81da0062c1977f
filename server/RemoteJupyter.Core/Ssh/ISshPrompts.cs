namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Questions only a person can answer during a connection. The CLI asks on the terminal; the
/// sidecar forwards them to VS Code as <c>prompt/hostKey</c> and <c>prompt/secret</c> requests.
/// </summary>
public interface ISshPrompts
{
    /// <summary>The host presented a key that no known_hosts file lists. Never called for a changed key.</summary>
    Task<HostKeyDecision> ConfirmUnknownHostKeyAsync(UnknownHostKey key, CancellationToken cancellationToken);

    /// <summary>Asks for a secret (key passphrase, password). Returns null when the person cancels.</summary>
    Task<string?> AskSecretAsync(SecretRequest request, CancellationToken cancellationToken);
}
