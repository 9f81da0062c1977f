using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Ssh;

/// <summary>
/// Terrapin (CVE-2023-48795) is closed only when both sides agree on strict KEX; OpenSSH (9.6, and Debian's 9.2
/// backport) says so at DEBUG3. The client's proposal in the same log shows what we really offered.
/// </summary>
[Collection("sshd")]
public sealed class StrictKexTests(DebugSshdFixture debug, ITestOutputHelper output) : TestBase(output), IClassFixture<DebugSshdFixture>
{
    /// <summary>OpenSSH's kex.c, kex_choose_conf(): <c>debug3_f("will use strict KEX ordering")</c>, in the pre-auth child.</summary>
    private const string StrictKexLine = "debug3: kex_choose_conf: will use strict KEX ordering [preauth]";

    private static readonly string?[] ModernKeyExchanges =
        ["mlkem768x25519-sha256", "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "curve25519-sha256"];

    private static readonly string?[] ModernCiphers =
        ["chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes256-ctr"];

    [Fact]
    public async Task Our_session_uses_strict_KEX_and_modern_algorithms()
    {
        var start = debug.Host.ReadLog().Length;
        string? kex, hostKey, cipher;
        using (var connection = await SshConnection.OpenAsync(TestHosts.Resolve(debug.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken))
        {
            Assert.Equal(0, (await connection.Shell.RunAsync("true", TimeoutToken)).ExitCode);
            var info = connection.Client.ConnectionInfo;
            (kex, hostKey, cipher) = (info.CurrentKeyExchangeAlgorithm, info.CurrentHostKeyAlgorithm, info.CurrentClientEncryption);
        }

        var log = debug.LogSince(start);
        Assert.Single(Lines(log, StrictKexLine));
        Assert.DoesNotContain("will not use strict KEX", log, StringComparison.Ordinal);

        Assert.Contains(kex, ModernKeyExchanges);
        Assert.Equal("ssh-ed25519", hostKey);
        Assert.Contains(cipher, ModernCiphers);
        Assert.Contains($"debug1: kex: algorithm: {kex} [preauth]", log, StringComparison.Ordinal);
        Assert.Contains("debug1: kex: host key algorithm: ssh-ed25519 [preauth]", log, StringComparison.Ordinal);

        var offer = ClientProposal(log);
        Assert.Contains("kex-strict-c-v00@openssh.com", offer["KEX algorithms"]);
        Assert.DoesNotContain(offer["KEX algorithms"], name => name.EndsWith("-sha1", StringComparison.Ordinal));
        Assert.DoesNotContain(offer["host key algorithms"], name => name is "ssh-rsa" or "ssh-dss" || name.Contains("-cert-v01@", StringComparison.Ordinal));
        Assert.DoesNotContain(offer["ciphers ctos"], name => name.EndsWith("-cbc", StringComparison.Ordinal) || name.StartsWith("3des", StringComparison.Ordinal));
        Assert.DoesNotContain(offer["MACs ctos"], name => name.Contains("md5", StringComparison.Ordinal) || name.Contains("sha1", StringComparison.Ordinal) || name.Contains("-96", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Lines(string log, string line) =>
        log.Split('\n').Where(l => l.TrimEnd('\r') == line);

    /// <summary>The lists sshd printed under "peer client KEXINIT proposal", e.g. "KEX algorithms" → names.</summary>
    private static Dictionary<string, string[]> ClientProposal(string log)
    {
        var lines = log.Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains("peer client KEXINIT proposal", StringComparison.Ordinal));
        Assert.True(at >= 0, "sshd logged no client KEXINIT proposal; is LogLevel DEBUG3?\n" + log);
        var lists = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(at + 1).TakeWhile(l => l.StartsWith("debug2: ", StringComparison.Ordinal) && l.Contains(": ", StringComparison.Ordinal)))
        {
            var text = line["debug2: ".Length..].Replace(" [preauth]", "", StringComparison.Ordinal);
            var colon = text.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0)
            {
                lists[text[..colon]] = text[(colon + 2)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }

        return lists;
    }
}
