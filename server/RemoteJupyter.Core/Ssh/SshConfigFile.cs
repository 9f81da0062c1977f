using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Resolves a typed <see cref="SshTarget"/> against OpenSSH client configuration, following ssh_config(5)
/// and agreeing with <c>ssh -G</c> for the keywords we use: <c>Host</c>, <c>Match</c> (<c>all</c>,
/// <c>host</c>, <c>originalhost</c>, <c>user</c>, <c>localuser</c>, <c>canonical</c>, <c>final</c>; <c>exec</c>
/// is never run and never matches), <c>Include</c>, <c>HostName</c>, <c>Port</c>, <c>User</c>,
/// <c>IdentityFile</c>, <c>IdentitiesOnly</c>, <c>IdentityAgent</c>, <c>UserKnownHostsFile</c>,
/// <c>ProxyJump</c>, <c>ProxyCommand</c>, <c>StrictHostKeyChecking</c>, <c>ServerAliveInterval</c>,
/// <c>ServerAliveCountMax</c>, <c>ConnectTimeout</c> and <c>ForwardAgent</c>. Other keywords are ignored.
/// Host names are never canonicalized (<c>CanonicalizeHostname</c> is ignored).
/// </summary>
public static partial class SshConfigFile
{
    /// <summary>
    /// Resolves <paramref name="target"/>. With no <paramref name="configFile"/>, reads <c>~/.ssh/config</c>
    /// and then the system-wide file, each only if present; with one, reads only that file, like
    /// <c>ssh -F</c> (<c>none</c> reads nothing). User and port given in the target win over the config,
    /// as they do on ssh's command line.
    /// </summary>
    /// <exception cref="RemoteJupyterException">
    /// With <see cref="ErrorCode.InvalidHost"/> when the given config file is missing, a file cannot be read,
    /// or a line that applies to this host cannot be understood.
    /// </exception>
    public static ResolvedHost Resolve(SshTarget target, string? configFile) =>
        Resolve(
            target,
            configFile,
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            Environment.UserName,
            SystemConfigFile) with { ConfigFile = string.IsNullOrWhiteSpace(configFile) ? null : configFile };

    /// <summary>The system-wide ssh_config, read after the user's.</summary>
    internal static string SystemConfigFile => OperatingSystem.IsWindows()
        ? Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "ssh", "ssh_config")
        : "/etc/ssh/ssh_config";

    /// <summary>Resolves with an explicit home directory, local user and system config, so tests need not touch the real ones.</summary>
    internal static ResolvedHost Resolve(
        SshTarget target, string? configFile, string homeDirectory, string localUser, string? systemConfigFile)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(homeDirectory);
        ArgumentNullException.ThrowIfNull(localUser);

        var files = FilesToRead(configFile, homeDirectory, systemConfigFile);
        var options = ReadAll(target, files, homeDirectory, localUser, systemConfigFile, finalHostName: null);
        if (options.WantFinalPass)
        {
            // Like OpenSSH after "Match final": read everything again with the host name settled, letting
            // canonical/final blocks apply; values from the first reading still win.
            options = ReadAll(target, files, homeDirectory, localUser, systemConfigFile, HostNameOf(options), options);
        }

        return Build(options);
    }

    internal static List<string> FilesToRead(string? configFile, string homeDirectory, string? systemConfigFile)
    {
        if (!string.IsNullOrWhiteSpace(configFile))
        {
            if (configFile == "none")
            {
                return [];
            }

            var path = SshConfigTokens.AfterTilde(configFile, null) is { } rest ? Path.Join(homeDirectory, rest) : configFile;
            return File.Exists(path)
                ? [path]
                : throw new RemoteJupyterException(
                    ErrorCode.InvalidHost,
                    $"The SSH config file {SshTarget.Quote(path)} does not exist. Fix the path, or clear the setting to use ~/.ssh/config.");
        }

        var files = new List<string>();

        // Without a home directory a relative ".ssh/config" would silently read whatever the working directory holds.
        if (homeDirectory.Length > 0 && Path.Join(homeDirectory, ".ssh", "config") is var userConfig && File.Exists(userConfig))
        {
            files.Add(userConfig);
        }

        if (systemConfigFile is not null && File.Exists(systemConfigFile))
        {
            files.Add(systemConfigFile);
        }

        return files;
    }

    internal static IEnumerable<SshConfigLine> ReadLines(string file)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RemoteJupyterException(
                ErrorCode.InvalidHost,
                $"Could not read the SSH config file {SshTarget.Quote(file)}: {e.Message} Check that it exists and that you can read it.",
                e);
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (SshConfigLine.Parse(file, i + 1, lines[i]) is { } line)
            {
                yield return line;
            }
        }
    }

    private static SshConfigOptions ReadAll(
        SshTarget target,
        List<string> files,
        string homeDirectory,
        string localUser,
        string? systemConfigFile,
        string? finalHostName,
        SshConfigOptions? firstPass = null)
    {
        var systemDirectory = systemConfigFile is null ? null : Path.GetDirectoryName(systemConfigFile);
        var options = firstPass ?? new SshConfigOptions(target.Host, homeDirectory, localUser, systemDirectory)
        {
            // ssh_config takes the first value obtained for each keyword, and the command line is read first.
            Port = target.Port,
            User = target.User,
        };
        options.FinalPass = finalHostName is not null;
        options.FinalHostName = finalHostName;
        foreach (var file in files)
        {
            var userConfig = systemConfigFile is null || !string.Equals(file, systemConfigFile, StringComparison.Ordinal);
            ReadFile(file, options, userConfig, neverMatch: false, depth: 0);
        }

        return options;
    }
}
