using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Ssh;

[Collection("sshd")]
public sealed class SshConnectionTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    [Fact]
    public async Task Logs_in_as_the_configured_user_and_runs_commands_under_sh()
    {
        using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);

        var result = await connection.Shell.RunAsync("id -un; echo \"$0\"", TimeoutToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{sshd.Host.UserName}\nsh\n", result.Stdout);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("it's")]
    [InlineData("$(touch /tmp/rj-pwned)")]
    [InlineData("`id`; rm -rf ~")]
    [InlineData("a\nb\r\n'\"\\")]
    [InlineData("-n")]
    [InlineData("~/not-expanded *?[a]")]
    [InlineData("")]
    [InlineData("ünïcødé 🐍 $HOME ${PATH}")]
    public async Task Quoted_arguments_reach_the_remote_byte_for_byte(string hostile)
    {
        using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);

        var result = await connection.Shell.RunAsync("printf '%s' " + ShellQuote.Quote(hostile), TimeoutToken);

        Assert.Equal(hostile, result.Stdout);
        Assert.False(File.Exists("/tmp/rj-pwned"));
    }

    [Fact]
    public async Task Output_printed_by_login_shell_rc_files_is_separated_from_command_output()
    {
        // Debian's bash sources ~/.bashrc when sshd starts it for a command: the classic source of noise.
        var bashrc = Path.Combine(sshd.Host.UserHome, ".bashrc");
        var original = File.Exists(bashrc) ? await File.ReadAllTextAsync(bashrc, TimeoutToken) : null;
        await File.WriteAllTextAsync(bashrc, "echo 'Welcome to the cluster!'\necho 'module: loaded' >&2\n" + original, TimeoutToken);
        try
        {
            using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);

            var result = await connection.Shell.RunAsync("echo real; echo err >&2", TimeoutToken);
            var script = await connection.Shell.RunScriptAsync("test", "echo from-script", TimeoutToken);

            Assert.Equal("real\n", result.Stdout);
            Assert.Equal("err\n", result.Stderr);
            Assert.Contains("Welcome to the cluster!", result.Noise, StringComparison.Ordinal);
            Assert.Equal("from-script\n", script.Stdout);
        }
        finally
        {
            if (original is null)
            {
                File.Delete(bashrc);
            }
            else
            {
                await File.WriteAllTextAsync(bashrc, original, CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task A_script_on_stdin_can_start_redirected_background_work_without_hanging_and_stays_out_of_ps()
    {
        using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host), new RecordingPrompts(), LoggerFactory, TimeoutToken);
        var marker = "secret-" + Guid.NewGuid().ToString("N");

        var started = DateTime.UtcNow;
        var result = await connection.Shell.RunScriptAsync("bg", $"SECRET={ShellQuote.Quote(marker)}\nsleep 3 >/dev/null 2>&1 &\necho \"${{#SECRET}}\"", TimeoutToken);

        Assert.Equal($"{marker.Length}\n", result.Stdout);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2.5), "the exec waited for the background job");
        Assert.DoesNotContain(TestHosts.AllCommandLines(), cmd => cmd.Contains(marker, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("rsa", "")]
    [InlineData("ecdsa", "")]
    [InlineData("ed25519", "open sesame")]
    public async Task Logs_in_with_each_key_type_and_with_an_encrypted_key(string type, string passphrase)
    {
        var key = Path.Combine(sshd.Host.TempDir, $"id_{type}_{Guid.NewGuid().ToString("N")[..6]}");
        await TestHosts.RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", passphrase, "-f", key], TimeoutToken);
        await File.AppendAllTextAsync(sshd.Host.Config.AuthorizedKeysFile, await File.ReadAllTextAsync(key + ".pub", TimeoutToken), TimeoutToken);
        var prompts = new RecordingPrompts(HostKeyDecision.Reject, passphrase.Length > 0 ? ["wrong", passphrase] : []);

        using var connection = await SshConnection.OpenAsync(TestHosts.Resolve(sshd.Host) with { IdentityFiles = [key] }, prompts, LoggerFactory, TimeoutToken);
        var result = await connection.Shell.RunAsync("id -un", TimeoutToken);

        Assert.Equal(sshd.Host.UserName + "\n", result.Stdout);
        Assert.Equal(passphrase.Length > 0 ? 2 : 0, prompts.SecretQuestions.Count);
    }

    [Fact]
    public async Task A_key_the_server_does_not_accept_fails_with_the_keys_tried()
    {
        var otherKey = await TestHosts.NewKeyAsync(sshd.Host.TempDir, "wrong_" + Guid.NewGuid().ToString("N")[..6], "", TimeoutToken);
        var host = TestHosts.Resolve(sshd.Host) with { IdentityFiles = [otherKey] };

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => SshConnection.OpenAsync(host, new RecordingPrompts(), LoggerFactory, TimeoutToken));

        Assert.Equal(ErrorCode.AuthenticationFailed, error.Code);
        Assert.Contains(otherKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("authorized_keys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_host_key_is_refused_without_asking_and_names_the_known_hosts_line()
    {
        var knownHosts = Path.Combine(sshd.Host.TempDir, "known_hosts_changed");
        var impostor = await TestHosts.NewKeyAsync(sshd.Host.TempDir, "impostor_" + Guid.NewGuid().ToString("N")[..6], "", TimeoutToken);
        var impostorPublic = (await File.ReadAllTextAsync(impostor + ".pub", TimeoutToken)).Split(' ');
        await File.WriteAllTextAsync(knownHosts, $"# comment\n[127.0.0.1]:{sshd.Host.Port} {impostorPublic[0]} {impostorPublic[1]}\n", TimeoutToken);
        var host = TestHosts.Resolve(sshd.Host) with { UserKnownHostsFiles = [knownHosts] };
        var prompts = new RecordingPrompts(HostKeyDecision.AcceptAndRemember);

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => SshConnection.OpenAsync(host, prompts, LoggerFactory, TimeoutToken));

        Assert.Equal(ErrorCode.HostKeyChanged, error.Code);
        Assert.Contains($"line 2 of {knownHosts}", error.Message, StringComparison.Ordinal);
        Assert.Empty(prompts.HostKeyQuestions);
    }

    [Fact]
    public async Task An_unknown_host_key_is_put_to_the_person_with_its_sha256_fingerprint()
    {
        var knownHosts = Path.Combine(sshd.Host.TempDir, "known_hosts_" + Guid.NewGuid().ToString("N")[..6]);
        var host = TestHosts.Resolve(sshd.Host) with { UserKnownHostsFiles = [knownHosts], StrictHostKeyChecking = StrictHostKeyChecking.Ask };
        var expected = (await TestHosts.RunAsync("/usr/bin/ssh-keygen", ["-lf", Path.Combine(sshd.Host.TempDir, "known_hosts")], TimeoutToken)).Split(' ')[1];

        var rejecting = new RecordingPrompts(HostKeyDecision.Reject);
        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => SshConnection.OpenAsync(host, rejecting, LoggerFactory, TimeoutToken));
        Assert.Equal(ErrorCode.HostKeyNotTrusted, error.Code);
        Assert.Equal(expected, Assert.Single(rejecting.HostKeyQuestions).FingerprintSha256);
        Assert.False(File.Exists(knownHosts));

        var accepting = new RecordingPrompts(HostKeyDecision.AcceptAndRemember);
        using (var connection = await SshConnection.OpenAsync(host, accepting, LoggerFactory, TimeoutToken))
        {
            Assert.True(connection.IsConnected);
        }

        Assert.Single(accepting.HostKeyQuestions);
        Assert.Contains($"[127.0.0.1]:{sshd.Host.Port} ssh-ed25519 ", await File.ReadAllTextAsync(knownHosts, TimeoutToken), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(knownHosts));

        var remembered = new RecordingPrompts(HostKeyDecision.Reject);
        using var again = await SshConnection.OpenAsync(host, remembered, LoggerFactory, TimeoutToken);
        Assert.Empty(remembered.HostKeyQuestions);
    }

    [Fact]
    public async Task A_closed_port_fails_with_a_connection_error()
    {
        var host = TestHosts.Resolve(sshd.Host) with { Port = FreePort() };

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => SshConnection.OpenAsync(host, new RecordingPrompts(), LoggerFactory, TimeoutToken));

        Assert.Equal(ErrorCode.ConnectionFailed, error.Code);
        Assert.Contains("sshd", error.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
