using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh.Agent;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Loads the identity files ssh would offer (OpenSSH format, ed25519/RSA/ECDSA), asking for the
/// passphrase of encrypted ones, each with its <c>-cert.pub</c> certificate when present. Missing default
/// files are skipped silently, as ssh does.
/// </summary>
internal sealed partial class IdentityLoader
{
    private const int MaxPassphraseAttempts = 3;
    private readonly ISshPrompts prompts;
    private readonly ILogger logger;

    public IdentityLoader(ISshPrompts prompts, ILogger logger)
    {
        this.prompts = prompts;
        this.logger = logger;
    }

    /// <summary>
    /// The agent's keys first, as ssh offers them, then the identity files. A file whose key the agent already holds
    /// is not opened, so its passphrase is not asked for.
    /// </summary>
    public async Task<IReadOnlyList<LoadedIdentity>> LoadAsync(ResolvedHost host, CancellationToken cancellationToken)
    {
        var agent = AgentKeys.Query(host, logger);
        var files = await LoadAsync(host.IdentityFiles.Where(file => !agent.Holds(file)), cancellationToken);
        return [.. agent.Offered.Select(key => new LoadedIdentity(key.Identity.Comment, key)), .. files];
    }

    public async Task<IReadOnlyList<LoadedIdentity>> LoadAsync(IEnumerable<string> files, CancellationToken cancellationToken)
    {
        var loaded = new List<LoadedIdentity>();
        foreach (var file in files.Distinct(StringComparer.Ordinal).Where(File.Exists))
        {
            var key = await LoadOneAsync(file, cancellationToken);
            if (key is not null)
            {
                loaded.Add(new LoadedIdentity(file, key));
            }
        }

        return loaded;
    }

    private async Task<PrivateKeyFile?> LoadOneAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            return Open(file, passphrase: null);
        }
        catch (SshPassPhraseNullOrEmptyException)
        {
            // Encrypted: fall through to ask.
        }
        catch (Exception ex) when (ex is SshException or InvalidOperationException or NotSupportedException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            // ssh warns and goes on with the next identity; so do we.
            LogUnreadable(logger, file, ex.Message);
            return null;
        }

        for (var attempt = 1; attempt <= MaxPassphraseAttempts; attempt++)
        {
            var passphrase = await prompts.AskSecretAsync(
                new SecretRequest(SecretKind.Passphrase, $"Enter passphrase for key '{file}'", attempt), cancellationToken);
            if (passphrase is null)
            {
                throw new RemoteJupyterException(ErrorCode.Cancelled, $"No passphrase given for {file}.");
            }

            try
            {
                return Open(file, passphrase);
            }
            catch (Exception ex) when (ex is SshException or System.Security.Cryptography.CryptographicException or InvalidOperationException or ArgumentException)
            {
                LogWrongPassphrase(logger, file, attempt);
            }
        }

        throw new RemoteJupyterException(
            ErrorCode.KeyUnreadable,
            $"Wrong passphrase for {file} ({MaxPassphraseAttempts} attempts). Check it with 'ssh-keygen -y -f {file}'.");
    }

    /// <summary>
    /// Like ssh, offers the certificate beside the key ("id_ed25519-cert.pub") with it, so a server trusting
    /// the signing CA (TrustedUserCAKeys) accepts the key without an authorized_keys entry.
    /// </summary>
    private static PrivateKeyFile Open(string file, string? passphrase)
    {
        var certificate = file + "-cert.pub";
        return File.Exists(certificate) ? new PrivateKeyFile(file, passphrase, certificate) : new PrivateKeyFile(file, passphrase);
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Skipping identity {File}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Wrong passphrase for {File} (attempt {Attempt})")]
    private static partial void LogWrongPassphrase(ILogger logger, string file, int attempt);
}
