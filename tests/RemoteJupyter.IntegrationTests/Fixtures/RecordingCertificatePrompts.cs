using RemoteJupyter.Core.Sources.Tls;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>Answers certificate prompts with a fixed reply and records each question.</summary>
public sealed class RecordingCertificatePrompts(bool accept) : ICertificatePrompts
{
    public List<CertificateDetails> Questions { get; } = [];

    public Task<bool> ConfirmCertificateAsync(CertificateDetails details, CancellationToken ct)
    {
        Questions.Add(details);
        return Task.FromResult(accept);
    }
}
