using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Ssh;

/// <summary>Like ssh, an identity's "-cert.pub" is offered with it, so sshd's TrustedUserCAKeys admits a key absent from authorized_keys.</summary>
[Collection("sshd")]
public sealed class UserCertificateTests(DebugSshdFixture debug, ITestOutputHelper output) : TestBase(output), IClassFixture<DebugSshdFixture>
{
    [Fact]
    public async Task A_key_signed_by_a_trusted_user_CA_logs_in_without_an_authorized_keys_entry()
    {
        var dir = debug.Host.TempDir;
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var ca = await TestHosts.NewKeyAsync(dir, "user_ca_" + suffix, "", TimeoutToken);
        var key = await TestHosts.NewKeyAsync(dir, "user_key_" + suffix, "", TimeoutToken);
        await TestHosts.RunAsync(
            "/usr/bin/ssh-keygen", ["-q", "-s", ca, "-I", "rj-user-" + suffix, "-n", debug.Host.UserName, key + ".pub"], TimeoutToken);
        Assert.True(File.Exists(key + "-cert.pub"));
        await debug.Host.ApplyConfigAsync(debug.ConfigWith("TrustedUserCAKeys " + ca + ".pub"), TimeoutToken);
        try
        {
            var start = debug.Host.ReadLog().Length;
            var host = TestHosts.Resolve(debug.Host) with { IdentityFiles = [key] };

            using (var connection = await SshConnection.OpenAsync(host, new RecordingPrompts(), LoggerFactory, TimeoutToken))
            {
                Assert.Equal(debug.Host.UserName + "\n", (await connection.Shell.RunAsync("id -un", TimeoutToken)).Stdout);
            }

            Assert.DoesNotContain(
                (await File.ReadAllTextAsync(key + ".pub", TimeoutToken)).Split(' ')[1],
                await File.ReadAllTextAsync(debug.Host.Config.AuthorizedKeysFile, TimeoutToken),
                StringComparison.Ordinal);
            Assert.Contains($"Accepted certificate ID \"rj-user-{suffix}\"", debug.LogSince(start), StringComparison.Ordinal);
        }
        finally
        {
            await debug.Host.ResetConfigAsync(CancellationToken.None);
        }
    }
}
