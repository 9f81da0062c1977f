using System.Diagnostics.CodeAnalysis;
using RemoteJupyter.Core.Sources.Tls;
using RemoteJupyter.Core.Ssh;
using StreamJsonRpc;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>
/// Puts questions to the person through the client: <c>prompt/hostKey</c>, <c>prompt/secret</c> and <c>prompt/certificate</c>.
/// </summary>
internal sealed class RpcPrompts : ISshPrompts, ICertificatePrompts
{
    private readonly JsonRpc rpc;

    public RpcPrompts(JsonRpc rpc) => this.rpc = rpc;

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = Aot.RpcJustification)]
    public async Task<HostKeyDecision> ConfirmUnknownHostKeyAsync(UnknownHostKey key, CancellationToken cancellationToken)
    {
        var answer = await rpc.InvokeWithParameterObjectAsync<HostKeyAnswer?>(
            "prompt/hostKey", new HostKeyPrompt(key.Host, key.KeyType, key.FingerprintSha256, key.KnownHostsFile), cancellationToken);
        return answer?.Decision switch
        {
            "acceptOnce" => HostKeyDecision.AcceptOnce,
            "acceptAndRemember" => HostKeyDecision.AcceptAndRemember,
            _ => HostKeyDecision.Reject,
        };
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = Aot.RpcJustification)]
    public async Task<string?> AskSecretAsync(SecretRequest request, CancellationToken cancellationToken)
    {
        var answer = await rpc.InvokeWithParameterObjectAsync<SecretAnswer?>(
            "prompt/secret", new SecretPrompt(JsonNaming.Camel(request.Kind.ToString()), request.Prompt, request.Attempt), cancellationToken);
        return answer?.Value;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = Aot.RpcJustification)]
    public async Task<bool> ConfirmCertificateAsync(CertificateDetails details, CancellationToken cancellationToken)
    {
        var answer = await rpc.InvokeWithParameterObjectAsync<CertificateAnswer?>(
            "prompt/certificate",
            new CertificatePrompt(
                details.Host, details.Port, details.FingerprintSha256, details.Subject, details.Issuer, details.NotBefore, details.NotAfter,
                details.Problem, details.PinFile),
            cancellationToken);
        return answer?.Accept ?? false;
    }
}
