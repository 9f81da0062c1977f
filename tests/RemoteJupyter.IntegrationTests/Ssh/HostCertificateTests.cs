using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Ssh;

/// <summary>
/// We do not accept @cert-authority (SSH.NET would check a certificate's CA signature and validity but not its
/// principals), so a server with a HostCertificate must show its plain key, which known_hosts decides about.
/// </summary>
[Collection("sshd")]
public sealed class HostCertificateTests(DebugSshdFixture debug, ITestOutputHelper output)
    : TestBase(output), IClassFixture<DebugSshdFixture>, IAsyncLifetime
{
    private string CaKey => Path.Combine(debug.Host.TempDir, "host_ca");

    public async Task InitializeAsync()
    {
        if (!File.Exists(CaKey))
        {
            await TestHosts.NewKeyAsync(debug.Host.TempDir, "host_ca", "", TimeoutToken);
        }

        var hostKey = debug.Host.Config.HostKeyPath;
        await TestHosts.RunAsync(
            "/usr/bin/ssh-keygen", ["-q", "-s", CaKey, "-h", "-I", "rj-test-host", "-n", "127.0.0.1", hostKey + ".pub"], TimeoutToken);
        await debug.Host.ApplyConfigAsync(debug.ConfigWith("HostCertificate " + hostKey + "-cert.pub"), TimeoutToken);
    }

    public Task DisposeAsync() => debug.Host.ResetConfigAsync(CancellationToken.None);

    [Fact]
    public async Task A_server_with_a_host_certificate_is_checked_by_its_plain_key_in_known_hosts()
    {
        var start = debug.Host.ReadLog().Length;

        using (var connection = await SshConnection.OpenAsync(TestHosts.Resolve(debug.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken))
        {
            Assert.Equal("ssh-ed25519", connection.Client.ConnectionInfo.CurrentHostKeyAlgorithm);
        }

        var log = debug.LogSince(start);
        Assert.Contains("debug2: host key algorithms: ssh-ed25519,ssh-ed25519-cert-v01@openssh.com [preauth]", log, StringComparison.Ordinal);
        Assert.Contains("debug1: kex: host key algorithm: ssh-ed25519 [preauth]", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cert_authority_line_alone_does_not_make_the_host_trusted()
    {
        var config = await TestHosts.ConfigWithUnknownHostKeyAsync(debug.Host, TimeoutToken);
        var caPublicKey = (await File.ReadAllTextAsync(CaKey + ".pub", TimeoutToken)).Trim();
        await File.WriteAllTextAsync(config + ".known", $"@cert-authority [127.0.0.1]:{debug.Host.Port} {caPublicKey}\n", TimeoutToken);
        var prompts = new RecordingPrompts(HostKeyDecision.Reject);
        var start = debug.Host.ReadLog().Length;
        var logs = new CapturedLogs();
        using var loggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder.AddProvider(logs));

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => SshConnection.OpenAsync(
            SshConfigFile.Resolve(SshTarget.Parse(debug.Host.Alias), config), prompts, loggerFactory, TimeoutToken));

        Assert.Equal(ErrorCode.HostKeyNotTrusted, error.Code);
        var question = Assert.Single(prompts.HostKeyQuestions);
        Assert.Equal("ssh-ed25519", question.KeyType);
        var fingerprint = await TestHosts.RunAsync("/usr/bin/ssh-keygen", ["-l", "-f", debug.Host.Config.HostKeyPath + ".pub"], TimeoutToken);
        Assert.Contains(question.FingerprintSha256, fingerprint, StringComparison.Ordinal);
        Assert.DoesNotContain("userauth-request", debug.LogSince(start), StringComparison.Ordinal);
        var warning = Assert.Single(logs.Lines, line => line.Contains("certificate authority", StringComparison.Ordinal));
        Assert.StartsWith("Warning ", warning, StringComparison.Ordinal);
        Assert.Contains($"line 1 of {config}.known", warning, StringComparison.Ordinal);
    }
}
