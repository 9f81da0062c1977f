using Microsoft.Extensions.Logging.Abstractions;
using Renci.SshNet;
using RemoteJupyter.Core.Ssh.Agent;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Ssh;

/// <summary>Our agent client against OpenSSH's real ssh-agent; signatures are checked with SSH.NET's own key code.</summary>
public sealed class SshAgentClientTests(ITestOutputHelper output) : TestBase(output)
{
    [Theory]
    [InlineData("ed25519", "ssh-ed25519")]
    [InlineData("ecdsa", "ecdsa-sha2-nistp256")]
    [InlineData("rsa", "rsa-sha2-512")]
    [InlineData("rsa", "rsa-sha2-256")]
    public async Task The_real_agent_lists_and_signs_and_the_signature_verifies(string type, string algorithm)
    {
        using var agent = await SshAgentProcess.StartAsync(TimeoutToken);
        var dir = Directory.CreateTempSubdirectory("rj-agent-keys-").FullName;
        try
        {
            var key = Path.Combine(dir, "id_" + type);
            await TestHosts.RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", "", "-C", "test-comment", "-f", key], TimeoutToken);
            await agent.AddAsync(key, TimeoutToken);
            var client = new SshAgentClient(agent.SocketPath, TimeSpan.FromSeconds(10));

            var identity = Assert.Single(client.ListIdentities());
            var offered = AgentKey.Create(identity, client, NullLogger.Instance).HostKeyAlgorithms.Single(a => a.Name == algorithm);
            byte[] data = [1, 2, 3, 4, 5];
            var signature = offered.Sign(data);

            Assert.Equal("test-comment", identity.Comment);
            Assert.True(identity.Matches(PublicKeyFile.Read(key)!));
            using var file = new PrivateKeyFile(key);
            var reference = file.HostKeyAlgorithms.Single(a => a.Name == algorithm);
            Assert.Equal(reference.Data, offered.Data);
            Assert.True(reference.VerifySignature(data, signature));
            Assert.False(reference.VerifySignature([9], signature));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_real_agent_refuses_to_sign_with_a_key_it_does_not_hold()
    {
        using var agent = await SshAgentProcess.StartAsync(TimeoutToken);
        var dir = Directory.CreateTempSubdirectory("rj-agent-keys-").FullName;
        try
        {
            var key = await TestHosts.NewKeyAsync(dir, "id_absent", "", TimeoutToken);
            var client = new SshAgentClient(agent.SocketPath, TimeSpan.FromSeconds(10));

            Assert.Empty(client.ListIdentities());
            Assert.Null(client.Sign(PublicKeyFile.Read(key)!, [1], 0));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Many_requests_leave_no_open_descriptors_behind()
    {
        using var agent = await SshAgentProcess.StartAsync(TimeoutToken);
        var client = new SshAgentClient(agent.SocketPath, TimeSpan.FromSeconds(10));
        var before = Directory.GetFiles("/proc/self/fd").Length;

        for (var i = 0; i < 200; i++)
        {
            client.ListIdentities();
        }

        // Other test classes run in parallel and open descriptors too: the margin is for them, far below 200 leaks.
        Assert.InRange(Directory.GetFiles("/proc/self/fd").Length, 0, before + 50);
    }
}
