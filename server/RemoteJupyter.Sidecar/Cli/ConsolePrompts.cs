using System.Text;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>
/// Asks on the terminal, the way ssh does. Without a terminal (scripts, CI) nothing can be asked:
/// unknown host keys are refused and secrets are unavailable, and the errors say what to do.
/// </summary>
internal sealed class ConsolePrompts : ISshPrompts
{
    private readonly bool acceptNewHostKeys;

    public ConsolePrompts(bool acceptNewHostKeys) => this.acceptNewHostKeys = acceptNewHostKeys;

    private static bool Interactive => !Console.IsInputRedirected && !Console.IsErrorRedirected;

    public async Task<HostKeyDecision> ConfirmUnknownHostKeyAsync(UnknownHostKey key, CancellationToken cancellationToken)
    {
        if (acceptNewHostKeys)
        {
            // Same meaning as StrictHostKeyChecking=accept-new: new keys are learned, changed keys still refused.
            await Console.Error.WriteLineAsync($"Warning: permanently added '{key.Host}' ({key.KeyType} {key.FingerprintSha256}) to {key.KnownHostsFile}.");
            return HostKeyDecision.AcceptAndRemember;
        }

        if (!Interactive)
        {
            await Console.Error.WriteLineAsync(
                $"Host key of {key.Host} is unknown ({key.KeyType} {key.FingerprintSha256}). Verify it, then run again on a terminal or with --accept-new-host-key.");
            return HostKeyDecision.Reject;
        }

        await Console.Error.WriteLineAsync($"The authenticity of host '{key.Host}' can't be established.");
        await Console.Error.WriteLineAsync($"{key.KeyType} key fingerprint is {key.FingerprintSha256}.");
        while (true)
        {
            await Console.Error.WriteAsync("Are you sure you want to continue connecting (yes/no)? ");
            var answer = (await Console.In.ReadLineAsync(cancellationToken))?.Trim().ToLowerInvariant();
            switch (answer)
            {
                case "yes":
                    return HostKeyDecision.AcceptAndRemember;
                case "no" or null:
                    return HostKeyDecision.Reject;
                default:
                    await Console.Error.WriteLineAsync("Please type 'yes' or 'no'.");
                    break;
            }
        }
    }

    public async Task<string?> AskSecretAsync(SecretRequest request, CancellationToken cancellationToken)
    {
        if (!Interactive)
        {
            return null;
        }

        await Console.Error.WriteAsync((request.Attempt > 1 ? "Try again. " : string.Empty) + request.Prompt + ": ");
        var secret = new StringBuilder();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                await Console.Error.WriteLineAsync();
                return secret.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0)
                {
                    secret.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }
    }
}
