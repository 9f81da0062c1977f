using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// One authenticated SSH connection to a host. Commands run through <see cref="Shell"/>; tunnels
/// are added by the Tunnels layer. Dispose to disconnect.
/// </summary>
public sealed partial class SshConnection : IDisposable
{
    private readonly ILogger logger;

    private SshConnection(ResolvedHost host, SshClient client, ILoggerFactory loggerFactory)
    {
        Host = host;
        Client = client;
        logger = loggerFactory.CreateLogger<SshConnection>();
        Shell = new RemoteShell(client, loggerFactory.CreateLogger<RemoteShell>());
        client.ErrorOccurred += OnErrorOccurred;
    }

    /// <summary>Raised once when the transport fails (network gone, host rebooted); the message says why.</summary>
    public event EventHandler<string>? Lost;

    /// <summary>The resolved host this connection went to.</summary>
    public ResolvedHost Host { get; }

    /// <summary>Runs commands and scripts on the host.</summary>
    public RemoteShell Shell { get; }

    /// <summary>True while the transport is up.</summary>
    public bool IsConnected => Client.IsConnected;

    /// <summary><c>user@host:port</c>, for messages.</summary>
    public string DisplayName => $"{Host.User}@{Host.HostName}:{Host.Port}";

    internal SshClient Client { get; }

    /// <summary>
    /// Connects and authenticates. Host keys are checked against known_hosts before any credential is
    /// sent; an unknown key is put to the person through <paramref name="prompts"/>.
    /// </summary>
    public static async Task<SshConnection> OpenAsync(
        ResolvedHost host, ISshPrompts prompts, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<SshConnection>();
        var identities = await new IdentityLoader(prompts, logger).LoadAsync(host.IdentityFiles, cancellationToken);
        if (identities.Count == 0)
        {
            throw new RemoteJupyterException(
                ErrorCode.AuthenticationFailed,
                $"No usable private key for {host.User}@{host.HostName}: looked for {string.Join(", ", host.IdentityFiles)}. " +
                "Create one with 'ssh-keygen -t ed25519' and copy it with 'ssh-copy-id', or name one with IdentityFile in ~/.ssh/config.");
        }

        var gate = new HostKeyGate(host);

        // At most two handshakes: the second only after the person accepted an unknown key.
        for (var attempt = 1; ; attempt++)
        {
            var client = CreateClient(host, identities, loggerFactory);
            client.HostKeyReceived += gate.OnHostKeyReceived;
            try
            {
                LogConnecting(logger, host.User, host.HostName, host.Port);
                await client.ConnectAsync(cancellationToken);
                LogConnected(logger, host.HostName, client.ConnectionInfo.CurrentKeyExchangeAlgorithm ?? "?", client.ConnectionInfo.CurrentHostKeyAlgorithm ?? "?");
                return new SshConnection(host, client, loggerFactory);
            }
            catch (Exception ex) when (gate.Outcome is { Check.Status: not HostKeyStatus.Known } outcome && ex is not OperationCanceledException)
            {
                client.Dispose();
                if (attempt > 1 || outcome.Check.Status != HostKeyStatus.Unknown)
                {
                    throw HostKeyFailure(gate, outcome);
                }

                await AskAboutUnknownKeyAsync(host, gate, outcome, prompts, cancellationToken);
            }
            catch (Exception ex)
            {
                client.Dispose();
                throw Translate(ex, host, identities);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        LogDisconnecting(logger, DisplayName);
        Client.ErrorOccurred -= OnErrorOccurred;
        Lost = null;
        try
        {
            if (Client.IsConnected)
            {
                Client.Disconnect();
            }
        }
        catch (Exception ex) when (ex is SshException or SocketException or ObjectDisposedException)
        {
            // Already gone: nothing left to close.
        }

        Client.Dispose();
    }

    private void OnErrorOccurred(object? sender, Renci.SshNet.Common.ExceptionEventArgs e)
    {
        LogLost(logger, DisplayName, e.Exception.Message);
        Interlocked.Exchange(ref Lost, null)?.Invoke(this, $"The connection to {DisplayName} was lost: {e.Exception.Message}");
    }

    private static SshClient CreateClient(ResolvedHost host, IReadOnlyList<LoadedIdentity> identities, ILoggerFactory loggerFactory)
    {
        var auth = new PrivateKeyAuthenticationMethod(host.User, identities.Select(i => (IPrivateKeySource)i.Key).ToArray());
        var info = new ConnectionInfo(host.HostName, host.Port, host.User, auth)
        {
            Timeout = TimeSpan.FromSeconds(15),
            LoggerFactory = loggerFactory,
        };
        SshAlgorithms.Harden(info);
        return new SshClient(info) { KeepAliveInterval = TimeSpan.FromSeconds(30) };
    }

    private static async Task AskAboutUnknownKeyAsync(
        ResolvedHost host, HostKeyGate gate, HostKeyOutcome outcome, ISshPrompts prompts, CancellationToken cancellationToken)
    {
        var file = host.UserKnownHostsFiles.Count > 0
            ? host.UserKnownHostsFiles[0]
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");
        var question = new UnknownHostKey(gate.KnownHostsName, outcome.KeyType, HostKeyFingerprint.Sha256(outcome.Blob), file);
        switch (await prompts.ConfirmUnknownHostKeyAsync(question, cancellationToken))
        {
            case HostKeyDecision.AcceptAndRemember:
                KnownHostsFile.Append(file, host.HostName, host.Port, outcome.KeyType, outcome.Blob);
                gate.TrustedForSession = (outcome.KeyType, outcome.Blob);
                break;
            case HostKeyDecision.AcceptOnce:
                gate.TrustedForSession = (outcome.KeyType, outcome.Blob);
                break;
            default:
                throw new RemoteJupyterException(
                    ErrorCode.HostKeyNotTrusted,
                    $"Host key for {gate.KnownHostsName} ({outcome.KeyType} {question.FingerprintSha256}) was not accepted; nothing was sent to the host.");
        }
    }

    private static RemoteJupyterException HostKeyFailure(HostKeyGate gate, HostKeyOutcome outcome)
    {
        var fingerprint = HostKeyFingerprint.Sha256(outcome.Blob);
        var where = outcome.Check.File is null ? string.Empty : $"line {outcome.Check.Line} of {outcome.Check.File}";
        return outcome.Check.Status switch
        {
            HostKeyStatus.Changed => new RemoteJupyterException(
                ErrorCode.HostKeyChanged,
                $"Host key for {gate.KnownHostsName} changed: possible attack, nothing was sent. The host now offers {outcome.KeyType} {fingerprint}. " +
                $"If you expected this (the host was reinstalled), remove {where} (or run: ssh-keygen -R '{gate.KnownHostsName}') and connect again."),
            HostKeyStatus.Revoked => new RemoteJupyterException(
                ErrorCode.HostKeyRevoked,
                $"Host key for {gate.KnownHostsName} ({outcome.KeyType} {fingerprint}) is marked @revoked at {where}; refusing to connect."),
            _ => new RemoteJupyterException(
                ErrorCode.HostKeyNotTrusted,
                $"Host key for {gate.KnownHostsName} ({outcome.KeyType} {fingerprint}) is not known; nothing was sent to the host."),
        };
    }

    private static Exception Translate(Exception ex, ResolvedHost host, IReadOnlyList<LoadedIdentity> identities)
    {
        var target = $"{host.User}@{host.HostName} port {host.Port}";
        return ex switch
        {
            OperationCanceledException => ex,
            RemoteJupyterException => ex,
            SshAuthenticationException => new RemoteJupyterException(
                ErrorCode.AuthenticationFailed,
                $"Permission denied (publickey) for {target}: tried {string.Join(", ", identities.Select(i => i.File))}. " +
                "Add the matching public key to ~/.ssh/authorized_keys on the host (ssh-copy-id), or choose another key with IdentityFile.",
                ex),
            SocketException or SshOperationTimeoutException => new RemoteJupyterException(
                ErrorCode.ConnectionFailed,
                $"Could not reach {target}: {ex.Message}. Check the host name and port, your network, and that sshd runs on the host.",
                ex),
            SshConnectionException => new RemoteJupyterException(
                ErrorCode.ConnectionFailed,
                $"The SSH handshake with {target} failed: {ex.Message}.",
                ex),
            _ => new RemoteJupyterException(ErrorCode.Unexpected, $"Connecting to {target} failed: {ex.Message}", ex),
        };
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Connecting to {User}@{Host}:{Port}")]
    private static partial void LogConnecting(ILogger logger, string user, string host, int port);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Connected to {Host} (kex {Kex}, host key {HostKeyAlgorithm})")]
    private static partial void LogConnected(ILogger logger, string host, string kex, string hostKeyAlgorithm);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Connection to {Host} lost: {Reason}")]
    private static partial void LogLost(ILogger logger, string host, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Disconnecting from {Host}")]
    private static partial void LogDisconnecting(ILogger logger, string host);
}
