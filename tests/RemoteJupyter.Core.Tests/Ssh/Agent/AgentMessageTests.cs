using System.Text;
using RemoteJupyter.Core.Ssh.Agent;

namespace RemoteJupyter.Core.Tests.Ssh.Agent;

public sealed class AgentMessageTests
{
    [Fact]
    public void Request_identities_is_a_lone_type_byte_with_its_length()
    {
        Assert.Equal([0, 0, 0, 1, 11], AgentMessage.EncodeRequestIdentities());
    }

    [Fact]
    public void Sign_request_carries_key_blob_data_and_flags_as_ssh_strings()
    {
        var message = AgentMessage.EncodeSignRequest([0xAA, 0xBB], [1, 2, 3], AgentMessage.RsaSha2_512);

        Assert.Equal(
            [0, 0, 0, 18, 13, 0, 0, 0, 2, 0xAA, 0xBB, 0, 0, 0, 3, 1, 2, 3, 0, 0, 0, 4],
            message);
    }

    [Fact]
    public void Identities_answer_decodes_each_key_and_comment()
    {
        var body = Concat([12], UInt32(2), SshString(Blob("ssh-ed25519", 1)), SshString("me@laptop"), SshString(Blob("ssh-rsa", 2)), SshString("ünï"));

        var identities = AgentMessage.DecodeIdentities(body);

        Assert.Equal(["ssh-ed25519", "ssh-rsa"], identities.Select(i => i.KeyType));
        Assert.Equal(["me@laptop", "ünï"], identities.Select(i => i.Comment));
        Assert.True(identities[0].Matches(Blob("ssh-ed25519", 1)));
        Assert.False(identities[0].Matches(Blob("ssh-ed25519", 2)));
    }

    [Fact]
    public void A_failure_reply_means_no_identities_and_no_signature()
    {
        Assert.Empty(AgentMessage.DecodeIdentities([AgentMessage.Failure]));
        Assert.Null(AgentMessage.DecodeSignResponse([AgentMessage.Failure]));
    }

    [Fact]
    public void Sign_response_yields_the_whole_signature_blob()
    {
        var signature = Concat(SshString("ssh-ed25519"), SshString(new byte[64]));

        Assert.Equal(signature, AgentMessage.DecodeSignResponse(Concat([14], SshString(signature))));
    }

    [Theory]
    [InlineData(new byte[] { 12, 0, 0, 0, 1, 0, 0, 0, 9, 1 })]
    [InlineData(new byte[] { 12, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 12, 0, 0 })]
    [InlineData(new byte[] { 14 })]
    [InlineData(new byte[] { 14, 0, 0, 0, 5, 1 })]
    [InlineData(new byte[] { })]
    public void Truncated_or_lying_messages_are_rejected_without_reading_past_the_end(byte[] body)
    {
        Assert.Throws<InvalidDataException>(() =>
        {
            if (body is [14, ..])
            {
                AgentMessage.DecodeSignResponse(body);
            }
            else
            {
                AgentMessage.DecodeIdentities(body);
            }
        });
    }

    [Fact]
    public void An_unexpected_message_type_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => AgentMessage.DecodeIdentities([AgentMessage.SignResponse, 0, 0, 0, 0]));
        Assert.Throws<InvalidDataException>(() => AgentMessage.DecodeSignResponse([AgentMessage.IdentitiesAnswer, 0, 0, 0, 0]));
    }

    internal static byte[] Blob(string type, byte marker) => Concat(SshString(type), SshString([marker]));

    internal static byte[] SshString(string text) => SshString(Encoding.UTF8.GetBytes(text));

    internal static byte[] SshString(byte[] value) => Concat(UInt32((uint)value.Length), value);

    internal static byte[] UInt32(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    internal static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
