using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>What happens to a host key known_hosts does not vouch for, following <c>StrictHostKeyChecking</c>.</summary>
public sealed partial class SshConnection
{
    /// <summary>
    /// An unknown key: <c>ask</c> puts it to the person; <c>yes</c> refuses it; <c>accept-new</c> and <c>no</c>
    /// add it to known_hosts. Either way the next handshake trusts exactly this key. Changed keys never get here.
    /// </summary>
    private static async Task DecideAboutUnknownKeyAsync(
        ResolvedHost host, HostKeyGate gate, HostKeyOutcome outcome, ISshPrompts prompts, ILogger logger, CancellationToken cancellationToken)
    {
        var file = host.UserKnownHostsFiles.Count > 0
            ? host.UserKnownHostsFiles[0]
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");
        var fingerprint = HostKeyFingerprint.Sha256(outcome.Blob);
        switch (host.StrictHostKeyChecking)
        {
            case StrictHostKeyChecking.Yes:
                throw new RemoteJupyterException(
                    ErrorCode.HostKeyNotTrusted,
                    $"Host key for {gate.KnownHostsName} ({outcome.KeyType} {fingerprint}) is not known and StrictHostKeyChecking is yes, " +
                    $"so nothing was sent to the host. Check the fingerprint with the host's administrator, add the key to {file} " +
                    "(for example by connecting once with ssh), and connect again.");
            case StrictHostKeyChecking.AcceptNew or StrictHostKeyChecking.No:
                KnownHostsFile.Append(file, host.HostName, host.Port, outcome.KeyType, outcome.Blob);
                LogAddedNewKey(logger, gate.KnownHostsName, outcome.KeyType, fingerprint, file);
                gate.TrustedForSession = new TrustedHostKey(outcome.KeyType, outcome.Blob);
                return;
        }

        var question = new UnknownHostKey(gate.KnownHostsName, outcome.KeyType, fingerprint, file);
        switch (await prompts.ConfirmUnknownHostKeyAsync(question, cancellationToken))
        {
            case HostKeyDecision.AcceptAndRemember:
                KnownHostsFile.Append(file, host.HostName, host.Port, outcome.KeyType, outcome.Blob);
                gate.TrustedForSession = new TrustedHostKey(outcome.KeyType, outcome.Blob);
                break;
            case HostKeyDecision.AcceptOnce:
                gate.TrustedForSession = new TrustedHostKey(outcome.KeyType, outcome.Blob);
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

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Added {Host} ({KeyType} {Fingerprint}) to {File} without asking: StrictHostKeyChecking accepts new keys")]
    private static partial void LogAddedNewKey(ILogger logger, string host, string keyType, string fingerprint, string file);
}
