using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>Answers SSH prompts with fixed replies and records every question, so tests can assert what was asked.</summary>
public sealed class RecordingPrompts(HostKeyDecision hostKeyDecision = HostKeyDecision.Reject, params string?[] secrets) : ISshPrompts
{
    private readonly Queue<string?> secrets = new(secrets);

    public List<UnknownHostKey> HostKeyQuestions { get; } = [];

    public List<SecretRequest> SecretQuestions { get; } = [];

    public Task<HostKeyDecision> ConfirmUnknownHostKeyAsync(UnknownHostKey key, CancellationToken cancellationToken)
    {
        HostKeyQuestions.Add(key);
        return Task.FromResult(hostKeyDecision);
    }

    public Task<string?> AskSecretAsync(SecretRequest request, CancellationToken cancellationToken)
    {
        SecretQuestions.Add(request);
        return Task.FromResult(secrets.Count > 0 ? secrets.Dequeue() : null);
    }
}
