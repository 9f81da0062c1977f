using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Ssh;

/// <summary>
/// ProxyJump through two real sshds, ProxyCommand through OpenSSH's own client, and StrictHostKeyChecking,
/// against the fixture's sshd as the destination. Every hop has its own key, user and known_hosts line.
/// </summary>
[Collection("sshd")]
public sealed partial class SshJumpTests(SshdFixture sshd, JumpHostsFixture jumps, ITestOutputHelper output)
    : TestBase(output), IClassFixture<JumpHostsFixture>
{
    private readonly string dir = Directory.CreateTempSubdirectory("rj-jump-").FullName;

    private ThrowawaySshHost Target => sshd.Host;

    [Fact]
    public async Task ProxyJump_through_two_bastions_reaches_the_target_and_every_sshd_accepts_its_own_key()
    {
        var hosts = new[] { jumps.Bastion1, jumps.Bastion2, Target };
        var logStarts = hosts.Select(h => h.ReadLog().Length).ToArray();
        var config = await WriteConfigAsync(targetLines: ["ProxyJump bastion1,bastion2"]);
        var (factory, logs) = CapturingLoggerFactory();

        using (factory)
        {
            using (var connection = await SshConnection.OpenAsync(Resolve(config), new RecordingPrompts(), factory, TimeoutToken))
            {
                var result = await connection.Shell.RunAsync("id -un; printf '%s' 'through two hops'", TimeoutToken);

                Assert.Equal($"{Target.UserName}\nthrough two hops", result.Stdout);
            }

            var ports = ForwardPorts(logs);
            Assert.Equal(2, ports.Count);
            foreach (var port in ports)
            {
                await AssertRefusedAsync(port);
            }
        }

        for (var i = 0; i < hosts.Length; i++)
        {
            var log = hosts[i].ReadLog()[logStarts[i]..];
            Assert.True(log.Contains("Accepted publickey", StringComparison.Ordinal), $"{hosts[i].Alias}'s sshd accepted no key:\n{log}");
        }
    }

    [Fact]
    public async Task An_unknown_key_on_the_second_bastion_is_asked_about_under_its_real_name()
    {
        var config = await WriteConfigAsync(targetLines: ["ProxyJump bastion1,bastion2"], knowBastion2: false);
        var prompts = new RecordingPrompts(HostKeyDecision.Reject);
        var expected = (await TestHosts.RunAsync("/usr/bin/ssh-keygen", ["-lf", jumps.Bastion2.KnownHostsPath], TimeoutToken)).Split(' ')[1];

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => SshConnection.OpenAsync(Resolve(config), prompts, LoggerFactory, TimeoutToken));

        Assert.Equal(ErrorCode.HostKeyNotTrusted, error.Code);
        var question = Assert.Single(prompts.HostKeyQuestions);
        Assert.Equal($"[127.0.0.1]:{jumps.Bastion2.Port}", question.Host);
        Assert.Equal(expected, question.FingerprintSha256);
        Assert.StartsWith("via bastion1 → bastion2: ", error.Message, StringComparison.Ordinal);

        // Accepted once: the second handshake goes through bastion1's forward again.
        var accepting = new RecordingPrompts(HostKeyDecision.AcceptOnce);
        using var connection = await SshConnection.OpenAsync(Resolve(config), accepting, LoggerFactory, TimeoutToken);
        Assert.Equal($"{Target.UserName}\n", (await connection.Shell.RunAsync("id -un", TimeoutToken)).Stdout);
        Assert.Equal($"[127.0.0.1]:{jumps.Bastion2.Port}", Assert.Single(accepting.HostKeyQuestions).Host);
    }

    [Fact]
    public async Task A_key_the_target_refuses_fails_naming_the_target_hop_and_closes_every_forward()
    {
        var wrongKey = await TestHosts.NewKeyAsync(dir, "wrong", "", TimeoutToken);
        var config = await WriteConfigAsync(targetLines: ["ProxyJump bastion1,bastion2"], targetKey: wrongKey);
        var (factory, logs) = CapturingLoggerFactory();
        using (factory)
        {
            var error = await Assert.ThrowsAsync<RemoteJupyterException>(
                () => SshConnection.OpenAsync(Resolve(config), new RecordingPrompts(), factory, TimeoutToken));

            Assert.Equal(ErrorCode.AuthenticationFailed, error.Code);
            Assert.StartsWith($"via bastion1 → bastion2 → {Target.Alias}: Permission denied", error.Message, StringComparison.Ordinal);
            Assert.Contains(wrongKey, error.Message, StringComparison.Ordinal);
            var ports = ForwardPorts(logs);
            Assert.Equal(2, ports.Count);
            foreach (var port in ports)
            {
                await AssertRefusedAsync(port);
            }
        }
    }

    [Fact]
    public async Task ProxyCommand_through_OpenSSH_reaches_the_target_and_is_stopped_on_dispose()
    {
        var config = Path.Combine(dir, "ssh_config");
        await WriteConfigAsync(targetLines: [$"ProxyCommand /usr/bin/ssh -F {config} -o BatchMode=yes -W %h:%p bastion1"]);

        using (var connection = await SshConnection.OpenAsync(Resolve(config), new RecordingPrompts(), LoggerFactory, TimeoutToken))
        {
            var result = await connection.Shell.RunAsync("id -un; printf '%s' 'through a command'", TimeoutToken);

            Assert.Equal($"{Target.UserName}\nthrough a command", result.Stdout);
            Assert.Contains(TestHosts.AllCommandLines(), IsOurProxyCommand);
        }

        for (var i = 0; i < 50 && TestHosts.AllCommandLines().Any(IsOurProxyCommand); i++)
        {
            await Task.Delay(100, TimeoutToken);
        }

        Assert.DoesNotContain(TestHosts.AllCommandLines(), IsOurProxyCommand);

        bool IsOurProxyCommand(string commandLine) => commandLine.StartsWith("/usr/bin/ssh -F " + config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_key_accepted_through_a_ProxyCommand_reconnects_through_a_fresh_command()
    {
        var config = Path.Combine(dir, "ssh_config");
        var knownHosts = Path.Combine(dir, "known_hosts_new");
        await WriteConfigAsync(targetLines:
        [
            $"ProxyCommand /usr/bin/ssh -F {config} -o BatchMode=yes -W %h:%p bastion1",
            "StrictHostKeyChecking accept-new",
            $"UserKnownHostsFile {knownHosts}",
        ]);

        using var connection = await SshConnection.OpenAsync(Resolve(config), new RecordingPrompts(), LoggerFactory, TimeoutToken);

        Assert.Equal($"{Target.UserName}\n", (await connection.Shell.RunAsync("id -un", TimeoutToken)).Stdout);
        Assert.Contains($"[127.0.0.1]:{Target.Port} ", await File.ReadAllTextAsync(knownHosts, TimeoutToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ProxyCommand_that_exits_early_fails_with_what_it_printed()
    {
        var config = await WriteConfigAsync(targetLines: ["ProxyCommand echo no-route-to-bastion >&2; exit 3"]);

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(
            () => SshConnection.OpenAsync(Resolve(config), new RecordingPrompts(), LoggerFactory, TimeoutToken));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("no-route-to-bastion", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("accept-new")]
    [InlineData("no")]
    public async Task StrictHostKeyChecking_decides_about_an_unknown_key_without_asking(string strict)
    {
        var knownHosts = Path.Combine(dir, "known_hosts_empty");
        var config = await WriteConfigAsync(targetLines: [$"StrictHostKeyChecking {strict}", $"UserKnownHostsFile {knownHosts}"]);
        var prompts = new RecordingPrompts(HostKeyDecision.AcceptAndRemember);

        if (strict == "yes")
        {
            var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => SshConnection.OpenAsync(Resolve(config), prompts, LoggerFactory, TimeoutToken));
            Assert.Equal(ErrorCode.HostKeyNotTrusted, error.Code);
            Assert.Contains("StrictHostKeyChecking is yes", error.Message, StringComparison.Ordinal);
            Assert.Contains("add the key", error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(knownHosts));
        }
        else
        {
            using var connection = await SshConnection.OpenAsync(Resolve(config), prompts, LoggerFactory, TimeoutToken);
            Assert.True(connection.IsConnected);
            Assert.Contains($"[127.0.0.1]:{Target.Port} {Target.HostPublicKeyLine}", await File.ReadAllTextAsync(knownHosts, TimeoutToken), StringComparison.Ordinal);
        }

        Assert.Empty(prompts.HostKeyQuestions);
    }

    [Fact]
    public async Task StrictHostKeyChecking_accept_new_still_refuses_a_changed_key()
    {
        var knownHosts = Path.Combine(dir, "known_hosts_changed");
        var impostor = await TestHosts.NewKeyAsync(dir, "impostor", "", TimeoutToken);
        var impostorPublic = (await File.ReadAllTextAsync(impostor + ".pub", TimeoutToken)).Split(' ');
        await File.WriteAllTextAsync(knownHosts, $"[127.0.0.1]:{Target.Port} {impostorPublic[0]} {impostorPublic[1]}\n", TimeoutToken);
        var config = await WriteConfigAsync(targetLines: ["StrictHostKeyChecking accept-new", $"UserKnownHostsFile {knownHosts}"]);
        var prompts = new RecordingPrompts(HostKeyDecision.AcceptAndRemember);

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => SshConnection.OpenAsync(Resolve(config), prompts, LoggerFactory, TimeoutToken));

        Assert.Equal(ErrorCode.HostKeyChanged, error.Code);
        Assert.Empty(prompts.HostKeyQuestions);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Directory.Delete(dir, recursive: true);
        }

        base.Dispose(disposing);
    }

    private static async Task AssertRefusedAsync(int port)
    {
        using var client = new TcpClient();
        var error = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    private static List<int> ForwardPorts(CapturedLogs logs) =>
        [.. logs.Lines.Select(l => ForwardLine().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"127\.0\.0\.1:(\d+) forwards through")]
    private static partial Regex ForwardLine();

    private ResolvedHost Resolve(string config) => SshConfigFile.Resolve(SshTarget.Parse(Target.Alias), config);

    private (ILoggerFactory Factory, CapturedLogs Logs) CapturingLoggerFactory()
    {
        var logs = new CapturedLogs();
        var factory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(new XunitLoggerProvider(Output))
            .AddProvider(logs));
        return (factory, logs);
    }

    /// <summary>One ssh_config and one known_hosts naming bastion1, bastion2 and the target, each with its own key and user.</summary>
    private async Task<string> WriteConfigAsync(string[] targetLines, bool knowBastion2 = true, string? targetKey = null)
    {
        var knownHosts = Path.Combine(dir, "known_hosts");
        var known = new StringBuilder();
        foreach (var host in new[] { jumps.Bastion1, jumps.Bastion2, Target }.Where(h => knowBastion2 || h != jumps.Bastion2))
        {
            known.Append(await File.ReadAllTextAsync(host.KnownHostsPath, TimeoutToken));
        }

        await File.WriteAllTextAsync(knownHosts, known.ToString(), TimeoutToken);
        var text = new StringBuilder();
        foreach (var (host, key, extra) in new[] { (Target, targetKey ?? Target.ClientKeyPath, targetLines), (jumps.Bastion1, jumps.Bastion1.ClientKeyPath, []), (jumps.Bastion2, jumps.Bastion2.ClientKeyPath, ["ProxyJump bastion-ignored"]) })
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"Host {host.Alias}\n");
            foreach (var line in extra)
            {
                text.Append("  ").Append(line).Append('\n');
            }

            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  HostName 127.0.0.1\n  Port {host.Port}\n  User {host.UserName}\n");
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  IdentityFile {key}\n  IdentitiesOnly yes\n  UserKnownHostsFile {knownHosts}\n  StrictHostKeyChecking ask\n");
        }

        var config = Path.Combine(dir, "ssh_config");
        await File.WriteAllTextAsync(config, text.ToString(), TimeoutToken);
        return config;
    }
}
