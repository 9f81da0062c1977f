using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sources.Tls;
using RemoteJupyter.Core.Sources.Urls;
using RemoteJupyter.Core.Ssh;
using RemoteJupyter.Sidecar.Hosting;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>
/// <c>connect URL</c>: a Jupyter server someone already runs. Checks its certificate, logs in, prints the URL to use
/// as the last stdout line, and keeps the local relay (for a pinned certificate) running until Ctrl-C/SIGTERM; a server
/// reached directly (plain http, or a certificate the system trusts) needs nothing kept running, so it exits.
/// Secrets come from stdin or the terminal, never from argv.
/// </summary>
internal static class UrlConnectCommand
{
    // Like ssh's password prompt: a few typos are forgiven, a guessing loop is not.
    private const int PasswordAttempts = 3;

    /// <summary>True when <paramref name="host"/> is a URL rather than an ssh host.</summary>
    public static bool IsUrl(string host) =>
        host.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || host.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        if (options.PasswordStdin && options.TokenStdin)
        {
            await Console.Error.WriteLineAsync("remote-jupyter: use either --password-stdin or --token-stdin, not both.");
            return CliErrors.Usage;
        }

        if (options.AcceptCertificate is { } pinned && !CertificateFingerprint.IsWellFormed(pinned))
        {
            await Console.Error.WriteLineAsync("remote-jupyter: --accept-certificate expects a fingerprint like SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU.");
            return CliErrors.Usage;
        }

        var address = ServerAddress.Parse(options.Url);
        if (address.TokenFromUrl is not null)
        {
            await Console.Error.WriteLineAsync(
                "remote-jupyter: warning: the token in the URL is visible to every user of this machine (ps) while this runs; use --token-stdin instead.");
        }

        string? token = options.TokenStdin ? await ReadSecretLineAsync("token", cancellationToken) : null;
        string? password = options.PasswordStdin ? await ReadSecretLineAsync("password", cancellationToken) : null;
        var mayAsk = !options.PasswordStdin && !options.TokenStdin && address.TokenFromUrl is null && Terminal;

        using var host = SidecarHost.CreateBuilder(options.Logging).Build();
        var connector = new ExistingServerConnector(host.Services.GetRequiredService<ILogger<ExistingServerConnector>>());
        var progress = new SynchronousProgress<string>(message =>
        {
            if (!options.Quiet)
            {
                Console.Error.WriteLine("  … " + message);
            }
        });
        var prompts = new TerminalCertificatePrompts(options.AcceptCertificate);
        var attempt = 0;
        ExistingServerSession session;
        while (true)
        {
            try
            {
                var request = new ExistingServerRequest(options.Url, token, password) { PinFile = options.PinFile };
                session = await connector.ConnectAsync(request, prompts, progress, cancellationToken);
                break;
            }
            catch (RemoteJupyterException ex) when (ex.Code == ErrorCode.ServerLoginFailed && mayAsk && attempt < PasswordAttempts)
            {
                if (attempt > 0)
                {
                    await Console.Error.WriteLineAsync("remote-jupyter: " + ex.Message);
                }

                attempt++;
                password = await new ConsolePrompts(acceptNewHostKeys: false).AskSecretAsync(
                    new SecretRequest(SecretKind.Password, $"Password for {address.Display}", attempt), cancellationToken);
                if (string.IsNullOrEmpty(password))
                {
                    throw;
                }
            }
        }

        await using (session)
        {
            await Console.Out.WriteLineAsync(session.LocalBaseUrl.AbsoluteUri);
            await Console.Out.FlushAsync(cancellationToken);
            if (!session.UsesRelay)
            {
                if (!options.Quiet)
                {
                    await Console.Error.WriteLineAsync($"Jupyter server at {address.Display} accepted the login ({session.Auth}).");
                }

                return CliErrors.Success;
            }

            if (!options.Quiet)
            {
                await Console.Error.WriteLineAsync(
                    $"Relaying {session.LocalBaseUrl} to {address.Display}" +
                    (session.CertificateFingerprint is { } fp ? $" (certificate {fp})" : string.Empty) + ". Press Ctrl-C to stop.");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: the normal way to end.
            }
        }

        return CliErrors.Success;
    }

    private static bool Terminal => !Console.IsInputRedirected && !Console.IsErrorRedirected;

    /// <summary>The first line of stdin, without its line break; an empty one is an error rather than "no password".</summary>
    private static async Task<string> ReadSecretLineAsync(string what, CancellationToken cancellationToken)
    {
        var line = await Console.In.ReadLineAsync(cancellationToken);
        return string.IsNullOrEmpty(line)
            ? throw new RemoteJupyterException(ErrorCode.InvalidArgument, $"--{what}-stdin was given but stdin held no {what} (one line expected).")
            : line;
    }

    /// <summary>Everything <c>connect URL</c> was asked to do.</summary>
    internal sealed record Options(
        string Url, bool PasswordStdin, bool TokenStdin, string? PinFile, string? AcceptCertificate, bool Quiet, LoggingOptions Logging);

    /// <summary>
    /// Asks y/N on the terminal about an unknown certificate; without a terminal only a fingerprint given with
    /// <c>--accept-certificate</c> is accepted.
    /// </summary>
    private sealed class TerminalCertificatePrompts(string? acceptedFingerprint) : ICertificatePrompts
    {
        public async Task<bool> ConfirmCertificateAsync(CertificateDetails details, CancellationToken ct)
        {
            var server = $"{details.Host}:{details.Port}";
            if (acceptedFingerprint is not null && CertificateFingerprint.Equal(acceptedFingerprint, details.FingerprintSha256))
            {
                await Console.Error.WriteLineAsync($"Warning: pinned the certificate of {server} ({details.FingerprintSha256}) in {details.PinFile}.");
                return true;
            }

            await Console.Error.WriteLineAsync($"The TLS certificate of {server} is not trusted: {details.Problem}.");
            await Console.Error.WriteLineAsync($"  Subject:     {details.Subject}");
            await Console.Error.WriteLineAsync($"  Issuer:      {details.Issuer}");
            await Console.Error.WriteLineAsync($"  Valid:       {details.NotBefore:yyyy-MM-dd} to {details.NotAfter:yyyy-MM-dd}");
            await Console.Error.WriteLineAsync($"  Fingerprint: {details.FingerprintSha256}");
            if (acceptedFingerprint is not null)
            {
                await Console.Error.WriteLineAsync($"It does not match --accept-certificate {acceptedFingerprint}.");
                return false;
            }

            if (!Terminal)
            {
                await Console.Error.WriteLineAsync(
                    $"Verify the fingerprint, then run again on a terminal or with --accept-certificate {details.FingerprintSha256}.");
                return false;
            }

            await Console.Error.WriteAsync($"Trust it and remember it in {details.PinFile} (y/N)? ");
            var answer = (await Console.In.ReadLineAsync(ct))?.Trim().ToLowerInvariant();
            return answer is "y" or "yes";
        }
    }
}
