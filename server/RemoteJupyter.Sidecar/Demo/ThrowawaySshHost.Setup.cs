using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Sidecar.Demo;

// Everything written into TempDir: keys, authorized_keys, sshd_config, known_hosts and ssh_config.
public sealed partial class ThrowawaySshHost
{
    // 0644 and 0755: the login user may be someone else, and sshd reads authorized_keys as that user.
    private const UnixFileMode ReadableByAll =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode TraversableByAll = ReadableByAll
        | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    [UnsupportedOSPlatform("windows")]
    private async Task LaunchAsync(Version? version, CancellationToken ct)
    {
        File.SetUnixFileMode(TempDir, TraversableByAll);
        if (UserName != Environment.UserName)
        {
            EnsureReachableBy(UserName);
        }

        await ProcessRunner.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "rj-throwaway-host", "-f", Config.HostKeyPath], ct);
        await ProcessRunner.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "rj-throwaway-client", "-f", ClientKeyPath], ct);
        File.SetUnixFileMode(ClientKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        HostPublicKeyLine = await ReadPublicKeyLineAsync(Config.HostKeyPath + ".pub", ct);
        var clientPublicKey = await ReadPublicKeyLineAsync(ClientKeyPath + ".pub", ct);
        await WriteFileAsync(Config.AuthorizedKeysFile, clientPublicKey + "\n", ReadableByAll, ct);

        if (Environment.IsPrivilegedProcess && !Directory.Exists("/run/sshd"))
        {
            // sshd running as root chroots its pre-auth child here and refuses to start without it.
            Directory.CreateDirectory("/run/sshd", TraversableByAll);
        }

        var versionText = version?.ToString() ?? "(unknown version)";

        // The port was free a moment ago; if someone took it since, sshd cannot bind and we try another.
        for (var attempt = 1; ; attempt++)
        {
            await File.WriteAllTextAsync(ConfigPath, Config.Render(), ct);
            LogStarting(logger, versionText, Port, UserName, TempDir);
            StartSshd();
            try
            {
                await WaitUntilListeningAsync(new HashSet<string>(), ct);
                break;
            }
            catch (RemoteJupyterException) when (attempt < 3 && sshd!.HasExited && ReadLog().Contains("Address already in use", StringComparison.Ordinal))
            {
                sshd.Dispose();
                sshd = null;
                Config = Config with { Port = PickFreePort() };
            }
        }

        await File.WriteAllTextAsync(KnownHostsPath, $"[127.0.0.1]:{Port} {HostPublicKeyLine}\n", ct);
        await File.WriteAllTextAsync(SshConfigPath, RenderSshConfig(), ct);
        LogReady(logger, SshdPid, SshConfigPath, Alias);
    }

    /// <summary>sshd reads authorized_keys as the login user, so every directory above it must let that user through.</summary>
    [UnsupportedOSPlatform("windows")]
    private void EnsureReachableBy(string user)
    {
        for (var dir = Path.GetDirectoryName(TempDir); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if ((File.GetUnixFileMode(dir) & UnixFileMode.OtherExecute) == 0)
            {
                throw new RemoteJupyterException(
                    ErrorCode.Unexpected,
                    $"User '{user}' cannot enter {dir}, so sshd could not read the keys in {TempDir}. " +
                    "Point TMPDIR at a directory everyone may enter, such as /tmp.");
            }
        }
    }

    private string RenderSshConfig()
    {
        var text = new StringBuilder();
        text.Append("# Written by Remote Jupyter's throwaway SSH host; use with ssh -F.\n");
        text.Append(CultureInfo.InvariantCulture, $"Host {Alias}\n");
        text.Append("  HostName 127.0.0.1\n");
        text.Append(CultureInfo.InvariantCulture, $"  Port {Port}\n");
        text.Append(CultureInfo.InvariantCulture, $"  User {UserName}\n");
        text.Append(CultureInfo.InvariantCulture, $"  IdentityFile {SshdConfig.Quote(ClientKeyPath)}\n");
        text.Append("  IdentitiesOnly yes\n");
        text.Append(CultureInfo.InvariantCulture, $"  UserKnownHostsFile {SshdConfig.Quote(KnownHostsPath)}\n");
        text.Append("  StrictHostKeyChecking yes\n");
        return text.ToString();
    }

    private static async Task<string> ReadPublicKeyLineAsync(string path, CancellationToken ct)
    {
        // Drop the comment: known_hosts and HostPublicKeyLine want just "type base64".
        var fields = (await File.ReadAllTextAsync(path, ct)).Split(' ', 3, StringSplitOptions.TrimEntries);
        return $"{fields[0]} {fields[1]}";
    }

    [UnsupportedOSPlatform("windows")]
    private static async Task WriteFileAsync(string path, string text, UnixFileMode mode, CancellationToken ct)
    {
        await File.WriteAllTextAsync(path, text, ct);
        File.SetUnixFileMode(path, mode);
    }
}
