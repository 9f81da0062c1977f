using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Sidecar.Demo;

// Choosing the account ssh logs in as, and making sure sshd will let it in.
public sealed partial class ThrowawaySshHost
{
    /// <summary>
    /// Lets one more account log in to this sshd with <see cref="ClientKeyPath"/> (authorized_keys is
    /// shared by every account), creating it with <paramref name="shell"/> as its login shell if needed.
    /// Root only. Returns the account's home.
    /// </summary>
    public async Task<string> AddLoginUserAsync(string name, string? shell, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        var (_, home) = await PrepareLoginUserAsync(name, shell, logger, ct);
        if (!OperatingSystem.IsWindows())
        {
            EnsureReachableBy(name);
        }

        return home;
    }

    private static async Task<(string Name, string Home)> PrepareLoginUserAsync(string? requested, string? shell, ILogger logger, CancellationToken ct)
    {
        var current = Environment.UserName;
        if (requested is null || requested == current)
        {
            var home = (await GetentAsync("passwd", current, ct))?[5] ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return (current, home);
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new RemoteJupyterException(
                ErrorCode.Unexpected,
                $"The throwaway SSH host can log in as '{requested}' only when run as root: an sshd started by " +
                $"'{current}' can authenticate no one but '{current}'. Leave the login user unset to use '{current}'.");
        }

        if (!IsPlainUserName(requested))
        {
            throw new ArgumentException($"'{requested}' is not a plain lower-case user name.", nameof(requested));
        }

        var entry = await GetentAsync("passwd", requested, ct);
        if (entry is null)
        {
            LogCreatingUser(logger, requested);
            var created = await ProcessRunner.RunAsync("useradd", ["-m", "-s", shell ?? "/bin/bash", requested], ct);

            // Another process may have created it meanwhile; only its absence afterwards is an error.
            entry = await GetentAsync("passwd", requested, ct)
                ?? throw new RemoteJupyterException(ErrorCode.Unexpected, $"useradd {requested} failed: {created.Stderr.Trim()}");
        }

        if (shell is not null && entry[6] != shell)
        {
            LogChangingShell(logger, requested, shell);
            await ProcessRunner.RunCheckedAsync("usermod", ["-s", shell, requested], ct);
        }

        // Without PAM, sshd itself refuses accounts whose password starts with '!' (locked), even for key login;
        // useradd creates exactly such an account.
        var password = (await GetentAsync("shadow", requested, ct))?[1] ?? "";
        if (password.StartsWith('!'))
        {
            if (password is not ("!" or "!!" or "!*"))
            {
                throw new RemoteJupyterException(
                    ErrorCode.Unexpected,
                    $"User '{requested}' is locked and has a password; unlock it (usermod -U {requested}) or pick another user.");
            }

            LogUnlockingUser(logger, requested);
            var unlocked = await ProcessRunner.RunAsync("usermod", ["-p", "*", requested], ct);
            if (unlocked.ExitCode != 0)
            {
                throw new RemoteJupyterException(ErrorCode.Unexpected, $"usermod -p '*' {requested} failed: {unlocked.Stderr.Trim()}");
            }
        }

        return (requested, entry[5]);
    }

    private static bool IsPlainUserName(string name) =>
        name.Length is > 0 and <= 32
        && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    private static async Task<string[]?> GetentAsync(string database, string key, CancellationToken ct)
    {
        var result = await ProcessRunner.RunAsync("getent", [database, key], ct);
        // passwd entries have 7 fields and shadow entries 9; callers index into them.
        return result.ExitCode == 0 && result.Stdout.Split('\n')[0].Split(':') is { Length: >= 7 } fields ? fields : null;
    }
}
