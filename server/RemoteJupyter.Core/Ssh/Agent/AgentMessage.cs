using System.Buffers.Binary;

namespace RemoteJupyter.Core.Ssh.Agent;

/// <summary>
/// The few ssh-agent messages we need (draft-miller-ssh-agent): list identities and sign. Each message on the
/// socket is a big-endian uint32 length, then a type byte, then the type's fields.
/// </summary>
internal static class AgentMessage
{
    public const byte Failure = 5;
    public const byte RequestIdentities = 11;
    public const byte IdentitiesAnswer = 12;
    public const byte SignRequest = 13;
    public const byte SignResponse = 14;

    /// <summary>SSH_AGENT_RSA_SHA2_256: sign an RSA key with rsa-sha2-256 instead of SHA-1 ssh-rsa.</summary>
    public const uint RsaSha2_256 = 2;

    /// <summary>SSH_AGENT_RSA_SHA2_512.</summary>
    public const uint RsaSha2_512 = 4;

    /// <summary>OpenSSH's agent refuses longer messages (AGENT_MAX_LEN); so do we, before allocating.</summary>
    public const int MaxLength = 256 * 1024;

    public static byte[] EncodeRequestIdentities() => Frame([RequestIdentities]);

    public static byte[] EncodeSignRequest(byte[] keyBlob, byte[] data, uint flags)
    {
        var body = new byte[1 + 4 + keyBlob.Length + 4 + data.Length + 4];
        body[0] = SignRequest;
        var at = WriteString(body, 1, keyBlob);
        at = WriteString(body, at, data);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(at), flags);
        return Frame(body);
    }

    /// <summary>The identities in an SSH_AGENT_IDENTITIES_ANSWER body; an SSH_AGENT_FAILURE means none.</summary>
    public static IReadOnlyList<AgentIdentity> DecodeIdentities(ReadOnlySpan<byte> body)
    {
        var reader = new SshWireReader(body);
        var type = reader.ReadByte();
        if (type == Failure)
        {
            return [];
        }

        Expect(type, IdentitiesAnswer);
        var count = reader.ReadUInt32();
        // Each identity takes at least two empty strings, 8 bytes: a count beyond that is a lie, not a reason to allocate.
        if (count > (uint)body.Length / 8)
        {
            throw new InvalidDataException($"The agent claims {count} keys in a {body.Length}-byte answer.");
        }

        var identities = new List<AgentIdentity>((int)count);
        for (var i = 0; i < count; i++)
        {
            identities.Add(new AgentIdentity(reader.ReadString(), reader.ReadUtf8()));
        }

        return identities;
    }

    /// <summary>The signature blob (string algorithm, string signature) in an SSH_AGENT_SIGN_RESPONSE, or null when the agent refused.</summary>
    public static byte[]? DecodeSignResponse(ReadOnlySpan<byte> body)
    {
        var reader = new SshWireReader(body);
        var type = reader.ReadByte();
        if (type == Failure)
        {
            return null;
        }

        Expect(type, SignResponse);
        return reader.ReadString();
    }

    private static void Expect(byte type, byte expected)
    {
        if (type != expected)
        {
            throw new InvalidDataException($"The agent answered with message type {type} where {expected} was expected.");
        }
    }

    private static int WriteString(byte[] buffer, int at, byte[] value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(at), (uint)value.Length);
        value.CopyTo(buffer, at + 4);
        return at + 4 + value.Length;
    }

    private static byte[] Frame(byte[] body)
    {
        var message = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(message, (uint)body.Length);
        body.CopyTo(message, 4);
        return message;
    }
}
