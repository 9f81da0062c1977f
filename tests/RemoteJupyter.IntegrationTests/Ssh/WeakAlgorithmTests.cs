using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Ssh;

/// <summary>A server offering only what we removed as weak is refused with a message naming what to enable, before any login.</summary>
[Collection("sshd")]
public sealed class WeakAlgorithmTests(DebugSshdFixture debug, ITestOutputHelper output) : TestBase(output), IClassFixture<DebugSshdFixture>
{
    [Theory]
    [InlineData(
        "KexAlgorithms diffie-hellman-group14-sha1,diffie-hellman-group1-sha1",
        "offers only weak key exchange algorithms (diffie-hellman-group14-sha1, diffie-hellman-group1-sha1); Remote Jupyter, like current OpenSSH, no longer uses them.",
        "curve25519-sha256")]
    [InlineData(
        "Ciphers aes128-cbc,aes256-cbc,3des-cbc",
        "offers only weak ciphers (aes128-cbc, aes256-cbc, 3des-cbc)",
        "chacha20-poly1305@openssh.com")]
    [InlineData(
        "Ciphers aes128-ctr\nMACs hmac-sha1,hmac-sha1-96,hmac-md5",
        "offers only weak MACs (hmac-sha1, hmac-sha1-96, hmac-md5); Remote Jupyter no longer uses them.",
        "hmac-sha2-256-etm@openssh.com")]
    public async Task A_server_with_only_weak_algorithms_is_refused_before_authentication(string sshdLines, string says, string advice)
    {
        await debug.Host.ApplyConfigAsync(debug.ConfigWith(sshdLines.Split('\n')), TimeoutToken);
        try
        {
            var start = debug.Host.ReadLog().Length;
            var host = TestHosts.Resolve(debug.Host);

            var error = await Assert.ThrowsAsync<RemoteJupyterException>(
                () => SshConnection.OpenAsync(host, new RecordingPrompts(), LoggerFactory, TimeoutToken));

            Output.WriteLine(error.Message);
            Assert.Equal(ErrorCode.WeakAlgorithmsOnly, error.Code);
            Assert.StartsWith($"127.0.0.1 port {debug.Host.Port} {says}", error.Message, StringComparison.Ordinal);
            Assert.Contains("Ask the host's administrator to enable " + advice, error.Message, StringComparison.Ordinal);

            // Give sshd a moment to log the end of the session before reading what it saw.
            await Task.Delay(TimeSpan.FromMilliseconds(300), TimeoutToken);
            var log = debug.LogSince(start);
            Assert.Contains("peer client KEXINIT proposal", log, StringComparison.Ordinal);
            Assert.DoesNotContain("userauth-request", log, StringComparison.Ordinal);
            Assert.DoesNotContain("Accepted ", log, StringComparison.Ordinal);
        }
        finally
        {
            await debug.Host.ResetConfigAsync(CancellationToken.None);
        }
    }
}
