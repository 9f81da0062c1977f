using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Security;

namespace RemoteJupyter.Core.Ssh.Agent;

/// <summary>An agent key offered for publickey authentication, with the signature algorithms ssh would offer for it.</summary>
internal sealed class AgentKey : IPrivateKeySource
{
    private static readonly string[] Supported =
        ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"];

    private AgentKey(AgentIdentity identity, IReadOnlyCollection<HostAlgorithm> algorithms)
    {
        Identity = identity;
        HostKeyAlgorithms = algorithms;
    }

    public AgentIdentity Identity { get; }

    /// <inheritdoc/>
    public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms { get; }

    /// <summary>Whether we know how to offer keys of this type (ed25519, ECDSA, RSA; not DSA, certificates or security keys).</summary>
    public static bool IsSupported(AgentIdentity identity) => Supported.Contains(identity.KeyType, StringComparer.Ordinal);

    public static AgentKey Create(AgentIdentity identity, SshAgentClient agent, ILogger logger)
    {
        // RSA keys sign with SHA-2 only, asked for by flag: the SHA-1 "ssh-rsa" signature is what OpenSSH 8.8 disabled.
        IReadOnlyCollection<HostAlgorithm> algorithms = identity.KeyType == "ssh-rsa"
            ?
            [
                new AgentHostAlgorithm("rsa-sha2-512", identity, AgentMessage.RsaSha2_512, agent, logger),
                new AgentHostAlgorithm("rsa-sha2-256", identity, AgentMessage.RsaSha2_256, agent, logger),
            ]
            : [new AgentHostAlgorithm(identity.KeyType, identity, 0, agent, logger)];
        return new AgentKey(identity, algorithms);
    }
}
