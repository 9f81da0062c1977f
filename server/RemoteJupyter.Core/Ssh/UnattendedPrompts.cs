namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// The prompts of a reconnect nobody is watching, like ssh's BatchMode: it answers nothing. A question only
/// a person can answer (a one-time code, an unknown host key) marks <see cref="NeedsPerson"/> so the
/// reconnect stops instead of retrying; a refused password or passphrase just fails this attempt.
/// </summary>
internal sealed class UnattendedPrompts : ISshPrompts
{
    private int needsPerson;

    /// <summary>What the person would have been asked, when <see cref="NeedsPerson"/>.</summary>
    public string? Question { get; private set; }

    public bool NeedsPerson => Volatile.Read(ref needsPerson) == 1;

    public Task<HostKeyDecision> ConfirmUnknownHostKeyAsync(UnknownHostKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        Mark($"whether to trust the host key {key.KeyType} {key.FingerprintSha256}");
        return Task.FromResult(HostKeyDecision.Reject);
    }

    public Task<string?> AskSecretAsync(SecretRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind == SecretKind.Challenge)
        {
            Mark(request.Prompt);
        }

        return Task.FromResult<string?>(null);
    }

    private void Mark(string question)
    {
        Question ??= question;
        Volatile.Write(ref needsPerson, 1);
    }
}
