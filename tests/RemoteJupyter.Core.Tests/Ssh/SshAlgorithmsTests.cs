using Renci.SshNet;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tests.Ssh;

public class SshAlgorithmsTests
{
    private static ConnectionInfo Hardened()
    {
        var info = new ConnectionInfo("127.0.0.1", 22, "user", new NoneAuthenticationMethod("user"));
        SshAlgorithms.Harden(info);
        return info;
    }

    [Fact]
    public void Keeps_only_what_OpenSSH_9_offers_by_default_of_SSH_NET_s_key_exchanges()
    {
        var kex = Hardened().KeyExchangeAlgorithms.Keys;

        Assert.DoesNotContain(kex, name => name.EndsWith("-sha1", StringComparison.Ordinal));
        Assert.Contains("curve25519-sha256", kex);
        Assert.Contains("diffie-hellman-group14-sha256", kex);
        Assert.Contains("diffie-hellman-group-exchange-sha256", kex);
    }

    [Fact]
    public void Offers_AES_GCM_first_and_keeps_the_other_ciphers_in_their_order()
    {
        var ciphers = Hardened().Encryptions.Keys.ToList();

        Assert.Equal(["aes128-gcm@openssh.com", "aes256-gcm@openssh.com"], ciphers.Take(2));
        Assert.Equal(["aes128-ctr", "aes192-ctr", "aes256-ctr", "chacha20-poly1305@openssh.com"], ciphers.Skip(2));
    }

    [Fact]
    public void Never_negotiates_a_host_certificate_or_a_SHA1_signature()
    {
        var hostKeys = Hardened().HostKeyAlgorithms.Keys;

        Assert.DoesNotContain(hostKeys, name => name.Contains("-cert-", StringComparison.Ordinal));
        Assert.DoesNotContain("ssh-rsa", hostKeys);
        Assert.DoesNotContain("ssh-dss", hostKeys);
        Assert.Equal(["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256"], hostKeys);
    }

    [Fact]
    public void Keeps_CTR_and_AEAD_ciphers_and_SHA2_MACs_only()
    {
        var info = Hardened();

        Assert.Equal(
            ["aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr", "chacha20-poly1305@openssh.com"],
            info.Encryptions.Keys);
        Assert.Equal(
            ["hmac-sha2-256", "hmac-sha2-512", "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com"],
            info.HmacAlgorithms.Keys);
    }

    [Theory]
    [InlineData("KeyExchange", "diffie-hellman-group1-sha1", true)]
    [InlineData("KeyExchange", "diffie-hellman-group-exchange-sha1", true)]
    [InlineData("KeyExchange", "diffie-hellman-group14-sha256", false)]
    [InlineData("KeyExchange", "sntrup761x25519-sha512@openssh.com", false)]
    [InlineData("HostKey", "ssh-rsa", true)]
    [InlineData("HostKey", "rsa-sha2-256", false)]
    [InlineData("HostKey", "ssh-ed25519-cert-v01@openssh.com", false)]
    [InlineData("Cipher", "aes256-cbc", true)]
    [InlineData("Cipher", "3des-cbc", true)]
    [InlineData("Cipher", "arcfour256", true)]
    [InlineData("Cipher", "aes256-ctr", false)]
    [InlineData("Mac", "hmac-sha1", true)]
    [InlineData("Mac", "hmac-sha1-etm@openssh.com", true)]
    [InlineData("Mac", "hmac-md5-96", true)]
    [InlineData("Mac", "hmac-sha2-256-etm@openssh.com", false)]
    [InlineData("Mac", "umac-64@openssh.com", false)]
    public void Calls_weak_what_is_broken_or_SHA1(string kind, string name, bool weak) =>
        Assert.Equal(weak, SshAlgorithms.IsWeak(Enum.Parse<SshAlgorithmKind>(kind), name));
}
