using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Core.Ssh.Agent;
using static RemoteJupyter.Core.Tests.Ssh.Agent.AgentMessageTests;

namespace RemoteJupyter.Core.Tests.Ssh.Agent;

public sealed class SshAgentClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Lists_identities_over_the_socket()
    {
        await using var agent = new FakeAgent(_ => FakeAgent.Frame(Concat([12], UInt32(1), SshString(Blob("ssh-ed25519", 7)), SshString("k"))));

        var identities = new SshAgentClient(agent.SocketPath, Timeout).ListIdentities();

        Assert.Equal("k", Assert.Single(identities).Comment);
        Assert.Equal([11], Assert.Single(agent.Requests));
    }

    [Fact]
    public async Task A_refused_signature_is_null_and_a_failed_sign_sends_a_signature_the_server_refuses()
    {
        await using var agent = new FakeAgent(_ => FakeAgent.Frame(AgentMessage.Failure));
        var client = new SshAgentClient(agent.SocketPath, Timeout);
        var identity = new AgentIdentity(Blob("ssh-ed25519", 1), "k");

        Assert.Null(client.Sign(identity.PublicKey, [1, 2], 0));
        var algorithm = Assert.Single(AgentKey.Create(identity, client, NullLogger.Instance).HostKeyAlgorithms);
        Assert.Equal(Concat(SshString("ssh-ed25519"), UInt32(0)), algorithm.Sign([1, 2]));
    }

    [Fact]
    public async Task An_agent_that_does_not_answer_times_out()
    {
        await using var agent = new FakeAgent(_ => null);

        var error = Assert.Throws<SocketException>(() => new SshAgentClient(agent.SocketPath, TimeSpan.FromMilliseconds(300)).ListIdentities());

        Assert.Equal(SocketError.TimedOut, error.SocketErrorCode);
    }

    [Fact]
    public async Task An_oversized_or_cut_reply_is_rejected()
    {
        await using var huge = new FakeAgent(_ => [0x7F, 0, 0, 0, 12]);
        await using var cut = new FakeAgent(_ => [0, 0, 0, 9, 12, 0]);

        Assert.Throws<InvalidDataException>(() => new SshAgentClient(huge.SocketPath, Timeout).ListIdentities());
        Assert.Throws<InvalidDataException>(() => new SshAgentClient(cut.SocketPath, Timeout).ListIdentities());
    }

    [Fact]
    public async Task Rsa_agent_keys_offer_only_sha2_signatures_with_the_matching_flags()
    {
        await using var agent = new FakeAgent(request => FakeAgent.Frame(Concat([14], SshString(Concat(SshString("x"), SshString([request[^1]]))))));
        var key = AgentKey.Create(new AgentIdentity(Blob("ssh-rsa", 1), "rsa"), new SshAgentClient(agent.SocketPath, Timeout), NullLogger.Instance);

        var algorithms = key.HostKeyAlgorithms.ToList();

        Assert.Equal(["rsa-sha2-512", "rsa-sha2-256"], algorithms.Select(a => a.Name));
        Assert.All(algorithms, a => Assert.Equal(Blob("ssh-rsa", 1), a.Data));
        Assert.Equal([4, 2], algorithms.Select(a => a.Sign([9])[^1]));
    }

    [Fact]
    public void A_missing_socket_or_no_agent_gives_no_keys()
    {
        var host = new ResolvedHost("h", "h", 22, "u", [], false, []);

        Assert.Empty(AgentKeys.Query(host with { IdentityAgent = "/nonexistent/agent.sock" }, NullLogger.Instance).Offered);
        Assert.Empty(AgentKeys.Query(host with { IdentityAgent = "none" }, NullLogger.Instance).Offered);
    }

    [Fact]
    public async Task Identities_only_keeps_the_agent_keys_an_identity_file_names_and_unsupported_types_are_dropped()
    {
        var dir = Directory.CreateTempSubdirectory("rj-pub-").FullName;
        try
        {
            var wanted = Blob("ssh-ed25519", 2);
            await File.WriteAllTextAsync(Path.Combine(dir, "id.pub"), $"ssh-ed25519 {Convert.ToBase64String(wanted)} me\n");
            await using var agent = new FakeAgent(_ => FakeAgent.Frame(Concat(
                [12], UInt32(3), SshString(Blob("ssh-ed25519", 1)), SshString("a"), SshString(wanted), SshString("b"), SshString(Blob("ssh-dss", 3)), SshString("c"))));
            var host = new ResolvedHost("h", "h", 22, "u", [Path.Combine(dir, "id")], false, []) { IdentityAgent = agent.SocketPath };

            var all = AgentKeys.Query(host, NullLogger.Instance);
            var only = AgentKeys.Query(host with { IdentitiesOnly = true }, NullLogger.Instance);

            Assert.Equal(["a", "b"], all.Offered.Select(k => k.Identity.Comment));
            Assert.Equal("b", Assert.Single(only.Offered).Identity.Comment);
            Assert.True(only.Holds(Path.Combine(dir, "id")));
            Assert.False(only.Holds(Path.Combine(dir, "other")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
