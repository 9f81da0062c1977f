using Microsoft.Extensions.Logging;
using Renci.SshNet.Security;

namespace RemoteJupyter.Core.Ssh.Agent;

/// <summary>
/// One signature algorithm of an agent key as SSH.NET's publickey authentication sees it: the public key blob and
/// a Sign that asks the agent. The private key never leaves the agent.
/// </summary>
internal sealed partial class AgentHostAlgorithm(string name, AgentIdentity identity, uint flags, SshAgentClient agent, ILogger logger)
    : HostAlgorithm(name)
{
    /// <inheritdoc/>
    public override byte[] Data => identity.PublicKey;

    /// <summary>The agent's SIGN_RESPONSE blob, which already is what SSH.NET sends: string algorithm, string signature.</summary>
    public override byte[] Sign(byte[] data)
    {
        try
        {
            if (agent.Sign(identity.PublicKey, data, flags) is { } signature)
            {
                return signature;
            }

            LogRefused(logger, Name, identity.Comment);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidDataException or ObjectDisposedException)
        {
            LogUnreachable(logger, Name, identity.Comment, ex.Message);
        }

        // ssh goes on with the next key when the agent cannot sign (a declined ssh-add -c confirmation, a locked or
        // stopped agent). SSH.NET has no way to skip a key from here and an exception would end the whole
        // authentication, so send a signature the server is sure to refuse.
        return Unusable();
    }

    /// <summary>Only used for host keys, never for client authentication.</summary>
    public override bool VerifySignature(byte[] data, byte[] signature) =>
        throw new NotSupportedException("Agent keys only sign.");

    private byte[] Unusable()
    {
        var name = System.Text.Encoding.ASCII.GetBytes(Name);
        var blob = new byte[4 + name.Length + 4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blob, (uint)name.Length);
        name.CopyTo(blob, 4);
        return blob;
    }

    [LoggerMessage(EventId = 1062, Level = LogLevel.Warning, Message = "The agent refused to sign with {Algorithm} key '{Comment}'")]
    private static partial void LogRefused(ILogger logger, string algorithm, string comment);

    [LoggerMessage(EventId = 1063, Level = LogLevel.Warning, Message = "The agent could not sign with {Algorithm} key '{Comment}': {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string algorithm, string comment, string reason);
}
