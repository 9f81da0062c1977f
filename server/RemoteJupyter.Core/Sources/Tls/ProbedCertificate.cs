using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace RemoteJupyter.Core.Sources.Tls;

/// <summary>The certificate a server presented and what the system thought of it.</summary>
/// <param name="Certificate">The server's leaf certificate.</param>
/// <param name="Errors">The system's verdict; <see cref="SslPolicyErrors.None"/> means trusted and issued for the host.</param>
/// <param name="Problem">The verdict in words, for prompts and errors.</param>
public sealed record ProbedCertificate(X509Certificate2 Certificate, SslPolicyErrors Errors, string Problem)
{
    /// <summary>Builds the record inside a validation callback, describing chain problems while the chain is still alive.</summary>
    public static ProbedCertificate From(string host, X509Certificate certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var problems = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problems.Add($"it is not issued for {host}");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => s.Status).ToHashSet() ?? [];
            if (statuses.Contains(X509ChainStatusFlags.UntrustedRoot) || statuses.Contains(X509ChainStatusFlags.PartialChain))
            {
                problems.Add("it is self-signed or signed by an authority this system does not trust");
            }

            if (statuses.Contains(X509ChainStatusFlags.NotTimeValid))
            {
                problems.Add("it has expired or is not valid yet");
            }

            if (problems.Count == 0 || statuses.Contains(X509ChainStatusFlags.Revoked))
            {
                problems.AddRange(chain?.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0) ?? []);
            }
        }

        var problem = problems.Count == 0 ? "the system trusts it" : string.Join("; ", problems.Distinct());
        return new ProbedCertificate(new X509Certificate2(certificate), errors, problem);
    }
}
