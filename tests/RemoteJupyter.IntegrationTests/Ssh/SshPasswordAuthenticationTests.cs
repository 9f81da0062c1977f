using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Demo;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Ssh;

/// <summary>
/// password and keyboard-interactive logins with every question relayed to the person. They need root: the
/// test account gets a known password for the test (chpasswd) and loses it again ('*') afterwards.
/// </summary>
[Collection("sshd")]
public sealed class SshPasswordAuthenticationTests(SshdFixture sshd, ITestOutputHelper output) : TestBase(output)
{
    private readonly string password = "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9));

    private ThrowawaySshHost Host => sshd.Host;

    private SshdConfig PasswordOnly => Host.Config with { PasswordAuthentication = true };

    /// <summary>Debian's /etc/pam.d/sshd asks "Password:" through keyboard-interactive.</summary>
    private SshdConfig PamKeyboardInteractive => Host.Config with { UsePam = true, KbdInteractiveAuthentication = true, PasswordAuthentication = false };

    [Fact]
    public async Task Password_login_without_a_usable_key_asks_the_person_once()
    {
        await WithPasswordAsync(PasswordOnly, async () =>
        {
            var prompts = new RecordingPrompts(HostKeyDecision.Reject, password);
            var logs = new CapturedLogs();
            using var loggerFactory = CapturingLoggerFactory(logs);

            using var connection = await SshConnection.OpenAsync(NoKeys(), prompts, loggerFactory, TimeoutToken);

            Assert.Equal(Host.UserName + "\n", (await connection.Shell.RunAsync("id -un", TimeoutToken)).Stdout);
            Assert.DoesNotContain(logs.Lines, line => line.Contains(password, StringComparison.Ordinal));
            var question = Assert.Single(prompts.SecretQuestions);
            Assert.Equal(SecretKind.Password, question.Kind);
            Assert.Equal($"{Host.UserName}@127.0.0.1's password", question.Prompt);
            Assert.Equal(1, question.Attempt);
            Assert.False(question.Echo);
        });
    }

    [Fact]
    public async Task A_wrong_password_three_times_fails_like_ssh_after_exactly_three_prompts()
    {
        var otherKey = await TestHosts.NewKeyAsync(Host.TempDir, "unauthorized_" + Guid.NewGuid().ToString("N")[..6], "", TimeoutToken);
        await WithPasswordAsync(PasswordOnly, async () =>
        {
            var prompts = new RecordingPrompts(HostKeyDecision.Reject, "wrong-1", "wrong-2", "wrong-3", password);
            var host = TestHosts.Resolve(Host) with { IdentityFiles = [otherKey] };
            var logs = new CapturedLogs();
            using var loggerFactory = CapturingLoggerFactory(logs);

            var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => SshConnection.OpenAsync(host, prompts, loggerFactory, TimeoutToken));

            Assert.Equal(ErrorCode.AuthenticationFailed, error.Code);
            Assert.StartsWith(
                $"Permission denied (publickey,password) for {Host.UserName}@127.0.0.1 port {Host.Port}: tried {otherKey}; password refused 3 times.",
                error.Message,
                StringComparison.Ordinal);
            Assert.Equal([1, 2, 3], prompts.SecretQuestions.Select(q => q.Attempt));
            Assert.All(prompts.SecretQuestions, q => Assert.Equal(SecretKind.Password, q.Kind));
            Assert.DoesNotContain("wrong-", error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(logs.Lines, line => line.Contains("wrong-", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task A_reopened_connection_reuses_the_accepted_password_from_memory()
    {
        await WithPasswordAsync(PasswordOnly, async () =>
        {
            using var first = await SshConnection.OpenAsync(NoKeys(), new RecordingPrompts(HostKeyDecision.Reject, password), LoggerFactory, TimeoutToken);
            var silent = new RecordingPrompts();

            using var second = await first.ReopenAsync(silent, LoggerFactory, TimeoutToken);

            Assert.True(second.IsConnected);
            Assert.Empty(silent.SecretQuestions);
        });
    }

    [Fact]
    public async Task Keyboard_interactive_relays_the_pam_password_prompt_to_the_person()
    {
        await WithPasswordAsync(PamKeyboardInteractive, async () =>
        {
            var prompts = new RecordingPrompts(HostKeyDecision.Reject, password);

            using var connection = await SshConnection.OpenAsync(NoKeys(), prompts, LoggerFactory, TimeoutToken);

            Assert.Equal(Host.UserName + "\n", (await connection.Shell.RunAsync("id -un", TimeoutToken)).Stdout);
            var question = Assert.Single(prompts.SecretQuestions);
            Assert.Equal($"({Host.UserName}@127.0.0.1) Password", question.Prompt);
            Assert.Equal(SecretKind.Password, question.Kind);
            Assert.False(question.Echo);
        });
    }

    [Fact]
    public async Task Two_required_methods_ask_twice_on_one_connection()
    {
        var config = Host.Config with
        {
            UsePam = true,
            PasswordAuthentication = true,
            KbdInteractiveAuthentication = true,
            ExtraLines = ["AuthenticationMethods password,keyboard-interactive"],
        };
        await WithPasswordAsync(config, async () =>
        {
            var prompts = new RecordingPrompts(HostKeyDecision.Reject, password, password);

            using var connection = await SshConnection.OpenAsync(NoKeys(), prompts, LoggerFactory, TimeoutToken);

            Assert.True(connection.IsConnected);
            Assert.Equal(
                [$"{Host.UserName}@127.0.0.1's password", $"({Host.UserName}@127.0.0.1) Password"],
                prompts.SecretQuestions.Select(q => q.Prompt));
        });
    }

    [Fact]
    public async Task Cancelling_at_the_keyboard_interactive_prompt_fails_cleanly_as_cancelled()
    {
        await WithPasswordAsync(PamKeyboardInteractive, async () =>
        {
            var prompts = new RecordingPrompts(HostKeyDecision.Reject, [null]);

            var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => SshConnection.OpenAsync(NoKeys(), prompts, LoggerFactory, TimeoutToken));

            Assert.Equal(ErrorCode.Cancelled, error.Code);
            Assert.Single(prompts.SecretQuestions);
        });
    }

    /// <summary>Logs at every level (SSH.NET's trace included) into <paramref name="logs"/> and the test output.</summary>
    private ILoggerFactory CapturingLoggerFactory(CapturedLogs logs) =>
        Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(logs)
            .AddProvider(new XunitLoggerProvider(Output)));

    private ResolvedHost NoKeys() => TestHosts.Resolve(Host) with { IdentityFiles = [] };

    /// <summary>Gives the test account <see cref="password"/> under <paramref name="config"/>; always restores both.</summary>
    private async Task WithPasswordAsync(SshdConfig config, Func<Task> test)
    {
        if (!Environment.IsPrivilegedProcess || Host.UserName != SshdFixture.RootLoginUser)
        {
            Output.WriteLine("Skipped: setting a password on the test account needs root.");
            return;
        }

        try
        {
            await RunAsync("chpasswd", [], $"{Host.UserName}:{password}\n");
            await Host.ApplyConfigAsync(config, TimeoutToken);
            await test();
        }
        catch
        {
            Output.WriteLine(Host.ReadLog());
            throw;
        }
        finally
        {
            await Host.ResetConfigAsync(CancellationToken.None);
            await RunAsync("usermod", ["-p", "*", Host.UserName], null);
        }
    }

    /// <summary>Runs a local program; <paramref name="stdin"/> keeps the password out of argv.</summary>
    private static async Task RunAsync(string file, string[] args, string? stdin)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(stdin ?? string.Empty);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited {process.ExitCode}: {await stderr}");
        }
    }
}
