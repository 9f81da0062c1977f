using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tests.Ssh;

public sealed class IdentityLoaderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("rj-keys-").FullName;

    [Theory]
    [InlineData("ed25519")]
    [InlineData("ecdsa")]
    [InlineData("rsa")]
    public async Task Loads_unencrypted_openssh_keys_of_each_type_without_asking(string type)
    {
        var key = NewKey(type, string.Empty);
        var prompts = new Prompts();

        var loaded = await new IdentityLoader(prompts, NullLogger.Instance).LoadAsync([key, Path.Combine(dir, "missing")], CancellationToken.None);

        Assert.Equal(key, Assert.Single(loaded).File);
        Assert.Empty(prompts.Asked);
    }

    [Fact]
    public async Task Asks_for_the_passphrase_of_an_encrypted_key_until_it_is_right()
    {
        var key = NewKey("ed25519", "correct horse");
        var prompts = new Prompts("wrong", "correct horse");

        var loaded = await new IdentityLoader(prompts, NullLogger.Instance).LoadAsync([key], CancellationToken.None);

        Assert.Single(loaded);
        Assert.Equal([1, 2], prompts.Asked.Select(a => a.Attempt));
        Assert.All(prompts.Asked, a => Assert.Equal(SecretKind.Passphrase, a.Kind));
        Assert.Contains(key, prompts.Asked[0].Prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gives_up_after_three_wrong_passphrases_with_a_hint()
    {
        var key = NewKey("ed25519", "secret");
        var prompts = new Prompts("a", "b", "c", "secret");

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(
            () => new IdentityLoader(prompts, NullLogger.Instance).LoadAsync([key], CancellationToken.None));

        Assert.Equal(ErrorCode.KeyUnreadable, error.Code);
        Assert.Contains("ssh-keygen -y", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, prompts.Asked.Count);
    }

    [Fact]
    public async Task A_cancelled_passphrase_prompt_cancels()
    {
        var key = NewKey("ed25519", "secret");

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(
            () => new IdentityLoader(new Prompts(), NullLogger.Instance).LoadAsync([key], CancellationToken.None));

        Assert.Equal(ErrorCode.Cancelled, error.Code);
    }

    [Fact]
    public async Task A_file_that_is_not_a_key_is_skipped()
    {
        var bogus = Path.Combine(dir, "id_bogus");
        await File.WriteAllTextAsync(bogus, "not a key");

        var loaded = await new IdentityLoader(new Prompts(), NullLogger.Instance).LoadAsync([bogus], CancellationToken.None);

        Assert.Empty(loaded);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string NewKey(string type, string passphrase)
    {
        var path = Path.Combine(dir, "id_" + type + Guid.NewGuid().ToString("N")[..4]);
        var info = new ProcessStartInfo("/usr/bin/ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-q", "-t", type, "-N", passphrase, "-f", path })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return path;
    }

    private sealed class Prompts(params string?[] answers) : ISshPrompts
    {
        private readonly Queue<string?> answers = new(answers);

        public List<SecretRequest> Asked { get; } = [];

        public Task<HostKeyDecision> ConfirmUnknownHostKeyAsync(UnknownHostKey key, CancellationToken cancellationToken) =>
            Task.FromResult(HostKeyDecision.Reject);

        public Task<string?> AskSecretAsync(SecretRequest request, CancellationToken cancellationToken)
        {
            Asked.Add(request);
            return Task.FromResult(answers.Count > 0 ? answers.Dequeue() : null);
        }
    }
}
