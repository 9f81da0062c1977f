using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>Authentication methods in OpenSSH's order and the messages for their failures.</summary>
public sealed partial class SshConnection
{
    /// <summary>ssh's NumberOfPasswordPrompts default: tries of password and of keyboard-interactive each.</summary>
    private const int PromptAttempts = 3;

    /// <summary>Used when ssh_config sets no <c>ConnectTimeout</c>.</summary>
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private static SshClient CreateClient(
        ResolvedHost host, (string Host, int Port) endpoint, IReadOnlyList<LoadedIdentity> identities, PromptContext context, ILoggerFactory loggerFactory)
    {
        // OpenSSH's PreferredAuthentications: publickey, keyboard-interactive, password. SSH.NET tries them in
        // this order, skips those the server does not allow, and each object only once.
        var methods = new List<AuthenticationMethod>();
        if (identities.Count > 0)
        {
            methods.Add(new PrivateKeyAuthenticationMethod(host.User, identities.Select(i => (IPrivateKeySource)i.Key).ToArray()));
        }

        for (var attempt = 1; attempt <= PromptAttempts; attempt++)
        {
            methods.Add(new KeyboardInteractivePromptMethod(host.User, context, attempt));
        }

        for (var attempt = 1; attempt <= PromptAttempts; attempt++)
        {
            methods.Add(new PasswordPromptMethod(host.User, context, attempt));
        }

        // The endpoint is host:port itself, or 127.0.0.1:ephemeral for a jump forward or ProxyCommand; the host
        // key is still checked under the host's real name (HostKeyGate).
        var info = new ConnectionInfo(endpoint.Host, endpoint.Port, host.User, methods.ToArray())
        {
            Timeout = host.ConnectTimeout is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : DefaultTimeout,
            LoggerFactory = loggerFactory,
        };
        SshAlgorithms.Harden(info);
        // No SSH.NET keep-alive: it expects no reply. KeepAliveProbe's requests keep NATs open and notice a dead peer.
        return new SshClient(info);
    }

    private static Exception Translate(
        Exception ex, ResolvedHost host, IReadOnlyList<LoadedIdentity> identities, AuthenticationLog log, IEnumerable<AuthenticationMethod> methods)
    {
        var target = $"{host.User}@{host.HostName} port {host.Port}";
        return ex switch
        {
            OperationCanceledException => ex,
            RemoteJupyterException => ex,
            SshAuthenticationException => new RemoteJupyterException(
                ErrorCode.AuthenticationFailed, PermissionDenied(target, host, identities, log, methods, ex.Message), ex),
            SocketException or SshOperationTimeoutException => new RemoteJupyterException(
                ErrorCode.ConnectionFailed,
                $"Could not reach {target}: {ex.Message}. Check the host name and port, your network, and that sshd runs on the host.",
                ex),
            SshConnectionException when WeakAlgorithmRefusal.Explain(ex, host) is { } refusal => refusal,
            SshConnectionException => new RemoteJupyterException(
                ErrorCode.ConnectionFailed,
                $"The SSH handshake with {target} failed: {ex.Message}.",
                ex),
            _ => new RemoteJupyterException(ErrorCode.Unexpected, $"Connecting to {target} failed: {ex.Message}", ex),
        };
    }

    /// <summary>
    /// ssh's "Permission denied (publickey,password)." with what was tried, e.g. "Permission denied
    /// (publickey,password) for rjtest@127.0.0.1 port 2222: tried ~/.ssh/id_ed25519; password refused 3 times."
    /// </summary>
    private static string PermissionDenied(
        string target, ResolvedHost host, IReadOnlyList<LoadedIdentity> identities, AuthenticationLog log, IEnumerable<AuthenticationMethod> methods, string sshNetMessage)
    {
        var allowed = log.ServerMethods.Count > 0
            ? log.ServerMethods
            : methods.Select(m => m.AllowedAuthentications).FirstOrDefault(a => a is { Length: > 0 }) ?? ServerMethodsFrom(sshNetMessage);
        var tried = new List<string>
        {
            identities.Count > 0
                ? "tried " + LoadedIdentity.Describe(identities)
                : "no private key to offer (looked for " + string.Join(", ", host.IdentityFiles) + ")",
        };
        if (log.KeyboardInteractiveRefused > 0)
        {
            tried.Add($"keyboard-interactive refused {Times(log.KeyboardInteractiveRefused)}");
        }

        if (log.PasswordsRefused > 0)
        {
            tried.Add($"password refused {Times(log.PasswordsRefused)}");
        }

        var methodList = allowed.Count > 0 ? $" ({string.Join(',', allowed)})" : string.Empty;
        var message = $"Permission denied{methodList} for {target}: {string.Join("; ", tried)}.";
        if (allowed.Count > 0 && allowed.All(m => m == "publickey"))
        {
            message += identities.Count > 0
                ? " Add the matching public key to ~/.ssh/authorized_keys on the host (ssh-copy-id), or choose another key with IdentityFile."
                : " Create a key with 'ssh-keygen -t ed25519', add it to ~/.ssh/authorized_keys on the host (ssh-copy-id), or name one with IdentityFile in ~/.ssh/config.";
        }
        else if (log.PasswordsRefused + log.KeyboardInteractiveRefused > 0)
        {
            message += " Check the password or code and try again.";
        }

        return message;
    }

    private static string Times(int count) => count == 1 ? "once" : $"{count} times";

    /// <summary>SSH.NET names the server's methods only in its text when none of ours matched: "… ({methods}).".</summary>
    private static string[] ServerMethodsFrom(string message)
    {
        var open = message.LastIndexOf('(');
        var close = message.LastIndexOf(')');
        return open >= 0 && close > open
            ? message[(open + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
    }
}
