namespace RemoteJupyter.Core.Ssh.Agent;

/// <summary>One key the agent holds: its public key blob and the comment ssh-add gave it (often the file it came from).</summary>
internal sealed record AgentIdentity(byte[] PublicKey, string Comment)
{
    /// <summary>The key type the blob starts with, e.g. <c>ssh-ed25519</c> or <c>ssh-rsa</c>.</summary>
    public string KeyType
    {
        get
        {
            try
            {
                return new SshWireReader(PublicKey).ReadUtf8();
            }
            catch (InvalidDataException)
            {
                return string.Empty;
            }
        }
    }

    /// <summary>Whether this is the same key as <paramref name="publicKey"/> (a blob from a .pub file).</summary>
    public bool Matches(byte[] publicKey) => PublicKey.AsSpan().SequenceEqual(publicKey);
}
