using System.Buffers.Binary;
using System.Text;

namespace RemoteJupyter.Core.Ssh.Agent;

/// <summary>
/// Reads the SSH wire types (RFC 4251 §5) the agent protocol is built from. Every read is bounds-checked:
/// the bytes come from another process and a truncated or lying length must not read past the buffer.
/// </summary>
internal ref struct SshWireReader(ReadOnlySpan<byte> buffer)
{
    private ReadOnlySpan<byte> rest = buffer;

    public readonly bool AtEnd => rest.IsEmpty;

    public byte ReadByte() => Take(1)[0];

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public byte[] ReadString()
    {
        var length = ReadUInt32();
        return length > (uint)rest.Length
            ? throw new InvalidDataException($"An SSH string claims {length} bytes but only {rest.Length} remain.")
            : Take((int)length).ToArray();
    }

    public string ReadUtf8() => Encoding.UTF8.GetString(ReadString());

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > rest.Length)
        {
            throw new InvalidDataException($"The message ended {count - rest.Length} bytes early.");
        }

        var taken = rest[..count];
        rest = rest[count..];
        return taken;
    }
}
