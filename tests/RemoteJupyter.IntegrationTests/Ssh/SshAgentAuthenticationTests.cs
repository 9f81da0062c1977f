using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Ssh;

/// <summary>Logging in to the real sshd with keys held by a real ssh-agent.</summary>
[Collection("sshd")]
public sealed class SshAgentAuthenticationTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa")]
    public async Task Logs_in_with_an_agent_key_when_no_identity_file_is_usable(string type)
    {
        using var agent = await SshAgentProcess.StartAsync(TimeoutToken);
        var key = await NewAuthorizedKeyAsync(type, "", TimeoutToken);
        await agent.AddAsync(key, TimeoutToken);
        File.Delete(key);
        File.Delete(key + ".pub");
        var prompts = new RecordingPrompts();
        var host = TestHosts.Resolve(sshd.Host) with { IdentityFiles = [key], IdentitiesOnly = false, IdentityAgent = agent.SocketPath };

        using var connection = await SshConnection.OpenAsync(host, prompts, LoggerFactory, TimeoutToken);
        var result = await connection.Shell.RunAsync("id -un", TimeoutToken);

        Assert.Equal(sshd.Host.UserName + "\n", result.Stdout);
        Assert.Empty(prompts.SecretQuestions);
    }

    [Fact]
    public async Task An_encrypted_identity_file_whose_key_the_agent_holds_is_not_opened_so_no_passphrase_is_asked()
    {
        using var agent = await SshAgentProcess.StartAsync(TimeoutToken);
        var key = await NewAuthorizedKeyAsync("ed25519", "agent passphrase", TimeoutToken);
        var decrypted = key + "_plain";
        File.Copy(key, decrypted);
        await TestHosts.RunAsync("/usr/bin/ssh-keygen", ["-q", "-p", "-P", "agent passphrase", "-N", "", "-f", decrypted], TimeoutToken);
        await agent.AddAsync(decrypted, TimeoutToken);
        File.Delete(decrypted);
        var prompts = new RecordingPrompts();
        var host = TestHosts.Resolve(sshd.Host) with { IdentityFiles = [key], IdentitiesOnly = true, IdentityAgent = agent.SocketPath };

        using var connection = await SshConnection.OpenAsync(host, prompts, LoggerFactory, TimeoutToken);
        using var reopened = await connection.ReopenAsync(prompts, LoggerFactory, TimeoutToken);

        Assert.Equal(0, (await reopened.Shell.RunAsync("true", TimeoutToken)).ExitCode);
        Assert.Empty(prompts.SecretQuestions);
    }

    [Fact]
    public async Task IdentityAgent_none_leaves_the_agent_unused()
    {
        using var agent = await SshAgentProcess.StartAsync(TimeoutToken);
        var key = await NewAuthorizedKeyAsync("ed25519", "", TimeoutToken);
        await agent.AddAsync(key, TimeoutToken);
        var host = TestHosts.Resolve(sshd.Host) with { IdentityFiles = [], IdentitiesOnly = false, IdentityAgent = "none" };

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => SshConnection.OpenAsync(host, new RecordingPrompts(), LoggerFactory, TimeoutToken));

        Assert.Equal(ErrorCode.AuthenticationFailed, error.Code);
        Assert.DoesNotContain("agent keys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_IdentitiesOnly_an_agent_key_no_identity_file_names_is_not_offered()
    {
        using var agent = await SshAgentProcess.StartAsync(TimeoutToken);
        var authorized = await NewAuthorizedKeyAsync("ed25519", "", TimeoutToken);
        await agent.AddAsync(authorized, TimeoutToken);
        var other = await TestHosts.NewKeyAsync(sshd.Host.TempDir, "agent_other_" + Guid.NewGuid().ToString("N")[..6], "", TimeoutToken);
        var host = TestHosts.Resolve(sshd.Host) with { IdentityFiles = [other], IdentitiesOnly = true, IdentityAgent = agent.SocketPath };

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => SshConnection.OpenAsync(host, new RecordingPrompts(), LoggerFactory, TimeoutToken));

        Assert.Equal(ErrorCode.AuthenticationFailed, error.Code);
        Assert.Contains("tried " + other + ".", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_agent_keys_are_counted_in_the_permission_denied_message_without_key_material()
    {
        using var agent = await SshAgentProcess.StartAsync(TimeoutToken);
        foreach (var name in (string[])["refused_a", "refused_b"])
        {
            var key = await TestHosts.NewKeyAsync(sshd.Host.TempDir, name + "_" + Guid.NewGuid().ToString("N")[..6], "", TimeoutToken);
            await agent.AddAsync(key, TimeoutToken);
        }

        var missing = Path.Combine(sshd.Host.TempDir, "id_missing");
        var host = TestHosts.Resolve(sshd.Host) with { IdentityFiles = [missing], IdentitiesOnly = false, IdentityAgent = agent.SocketPath };

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => SshConnection.OpenAsync(host, new RecordingPrompts(), LoggerFactory, TimeoutToken));

        Assert.Equal(ErrorCode.AuthenticationFailed, error.Code);
        Assert.Contains("tried agent keys: 2.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAA", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("refused_", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> NewAuthorizedKeyAsync(string type, string passphrase, CancellationToken cancellationToken)
    {
        var key = Path.Combine(sshd.Host.TempDir, $"agent_{type}_{Guid.NewGuid().ToString("N")[..6]}");
        await TestHosts.RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", passphrase, "-f", key], cancellationToken);
        await File.AppendAllTextAsync(sshd.Host.Config.AuthorizedKeysFile, await File.ReadAllTextAsync(key + ".pub", cancellationToken), cancellationToken);
        return key;
    }
}
