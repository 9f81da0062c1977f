using Renci.SshNet.Common;
using Renci.SshNet.Messages.Transport;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tests.Ssh;

public class WeakAlgorithmRefusalTests
{
    private static readonly ResolvedHost Host = new("box", "127.0.0.1", 2222, "rjtest", [], false, []);

    [Fact]
    public void A_server_with_only_SHA1_key_exchange_is_told_what_to_enable()
    {
        var error = WeakAlgorithmRefusal.Explain(
            new SshConnectionException(
                "No matching key exchange algorithm (server offers diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,kex-strict-s-v00@openssh.com)",
                DisconnectReason.KeyExchangeFailed),
            Host);

        Assert.NotNull(error);
        Assert.Equal(ErrorCode.WeakAlgorithmsOnly, error.Code);
        Assert.Equal(
            "127.0.0.1 port 2222 offers only weak key exchange algorithms (diffie-hellman-group1-sha1, diffie-hellman-group14-sha1); " +
            "Remote Jupyter, like current OpenSSH, no longer uses them. Ask the host's administrator to enable curve25519-sha256, " +
            "ecdh-sha2-nistp256 or diffie-hellman-group14-sha256 (KexAlgorithms in sshd_config).",
            error.Message);
    }

    [Theory]
    [InlineData("No matching client encryption algorithm (server offers aes128-cbc,3des-cbc)", "only weak ciphers (aes128-cbc, 3des-cbc)", "Ciphers in sshd_config")]
    [InlineData("No matching server MAC algorithm (server offers hmac-sha1,hmac-md5)", "only weak MACs (hmac-sha1, hmac-md5); Remote Jupyter no longer", "hmac-sha2-256-etm@openssh.com")]
    [InlineData("No matching host key algorithm (server offers ssh-rsa)", "only weak host key algorithms (ssh-rsa)", "rsa-sha2-256")]
    [InlineData("No matching client MAC algorithm (server offers umac-64@openssh.com,hmac-sha1)", "only weak or unsupported MACs", "no longer uses the weak ones")]
    public void Names_the_list_the_server_offers_and_the_replacement(string sshNetMessage, string says, string advice)
    {
        var error = WeakAlgorithmRefusal.Explain(new SshConnectionException(sshNetMessage), Host);

        Assert.NotNull(error);
        Assert.Equal(ErrorCode.WeakAlgorithmsOnly, error.Code);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("No matching client MAC algorithm (server offers umac-64@openssh.com)")]
    [InlineData("No matching client compression algorithm (server offers zlib)")]
    [InlineData("An established connection was aborted by the server.")]
    public void Leaves_other_handshake_failures_to_the_generic_message(string sshNetMessage) =>
        Assert.Null(WeakAlgorithmRefusal.Explain(new SshConnectionException(sshNetMessage), Host));
}
