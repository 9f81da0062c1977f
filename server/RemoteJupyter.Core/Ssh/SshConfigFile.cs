using System.Globalization;
using System.Text;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Resolves a typed <see cref="SshTarget"/> against OpenSSH client configuration, following ssh_config(5)
/// for the keywords we use: <c>Host</c>, <c>Match</c> (<c>all</c>, <c>host</c>, <c>originalhost</c>,
/// <c>user</c>, <c>localuser</c>), <c>HostName</c>, <c>Port</c>, <c>User</c>, <c>IdentityFile</c>,
/// <c>IdentitiesOnly</c> and <c>UserKnownHostsFile</c>. Other keywords are ignored, <c>Include</c> is not
/// followed yet, and other <c>Match</c> criteria (<c>exec</c>, <c>final</c>, …) never match.
/// </summary>
public static class SshConfigFile
{
    private const int DefaultPort = 22;

    private static readonly string[] DefaultIdentityFiles =
        ["id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk"];

    private static readonly string[] DefaultKnownHostsFiles = ["known_hosts", "known_hosts2"];

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
            OperatingSystem.IsWindows()
                ? Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "ssh", "ssh_config")
                : "/etc/ssh/ssh_config");

    /// <summary>Resolves with an explicit home directory, local user and system config, so tests need not touch the real ones.</summary>
    internal static ResolvedHost Resolve(
        SshTarget target, string? configFile, string homeDirectory, string localUser, string? systemConfigFile)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(homeDirectory);
        ArgumentNullException.ThrowIfNull(localUser);

        var alias = target.Host;

        // ssh_config takes the first value obtained for each keyword, and the command line is read first.
        int? port = target.Port;
        var user = target.User;
        SshConfigLine? hostName = null;
        bool? identitiesOnly = null;
        SshConfigLine? knownHosts = null;
        var identityFiles = new List<SshConfigLine>();

        foreach (var file in FilesToRead(configFile, homeDirectory, systemConfigFile))
        {
            // Each file starts outside any Host or Match block, as in OpenSSH.
            var active = true;
            foreach (var line in ReadLines(file))
            {
                // Applicable lines are checked even when an earlier line already won, so a broken line is
                // reported the way ssh would report it rather than lurking until the earlier one is removed.
                switch (line.Keyword)
                {
                    case "host":
                        active = HostMatches(line, alias);
                        break;
                    case "match":
                        var currentHost = hostName is null ? alias : ExpandHostName(hostName, alias);
                        active = MatchMatches(line, alias, currentHost, user ?? localUser, localUser);
                        break;
                    case "hostname" when active:
                        _ = Single(line);
                        hostName ??= line;
                        break;
                    case "port" when active:
                        var value = ParsePort(line);
                        port ??= value;
                        break;
                    case "user" when active:
                        var name = CheckUser(line, Single(line));
                        user ??= name;
                        break;
                    case "identityfile" when active:
                        _ = Single(line);
                        identityFiles.Add(line);
                        break;
                    case "identitiesonly" when active:
                        var flag = ParseFlag(line);
                        identitiesOnly ??= flag;
                        break;
                    case "userknownhostsfile" when active:
                        RequireArguments(line);
                        knownHosts ??= line;
                        break;
                    default:
                        // Include is not followed yet; unknown keywords are options we have no use for.
                        break;
                }
            }
        }

        var finalHostName = (hostName is null ? alias : ExpandHostName(hostName, alias)).ToLowerInvariant();
        if (hostName is not null && SshTarget.HostProblem(finalHostName) is { } problem)
        {
            throw Invalid(hostName, $"HostName {SshTarget.Quote(finalHostName)} {problem}. Fix the HostName value.");
        }

        var finalPort = port ?? DefaultPort;
        var finalUser = user ?? localUser;
        var tokens = new Dictionary<char, string>
        {
            ['d'] = homeDirectory,
            ['h'] = finalHostName,
            ['n'] = alias,
            ['p'] = finalPort.ToString(CultureInfo.InvariantCulture),
            ['r'] = finalUser,
            ['u'] = localUser,
        };

        return new ResolvedHost(
            alias,
            finalHostName,
            finalPort,
            finalUser,
            IdentityFilePaths(identityFiles, homeDirectory, tokens),
            identitiesOnly ?? false,
            KnownHostsPaths(knownHosts, homeDirectory, tokens));
    }

    internal static List<string> FilesToRead(string? configFile, string homeDirectory, string? systemConfigFile)
    {
        if (!string.IsNullOrWhiteSpace(configFile))
        {
            if (configFile == "none")
            {
                return [];
            }

            var path = AfterTilde(configFile, null) is { } rest ? Path.Join(homeDirectory, rest) : configFile;
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

    private static bool HostMatches(SshConfigLine line, string alias)
    {
        RequireArguments(line);

        // Host patterns are space-separated, matched case-sensitively against the alias as typed, and
        // any matching negated pattern rules the block out whatever else matches.
        var matched = false;
        foreach (var pattern in line.Arguments)
        {
            var negated = pattern.StartsWith('!');
            if (HostPattern.IsMatch(alias, negated ? pattern[1..] : pattern, ignoreCase: false))
            {
                if (negated)
                {
                    return false;
                }

                matched = true;
            }
        }

        return matched;
    }

    private static bool MatchMatches(SshConfigLine line, string alias, string currentHost, string remoteUser, string localUser)
    {
        RequireArguments(line);

        // Every criterion is evaluated (so all are checked for arguments) and all must hold.
        var result = true;
        for (var i = 0; i < line.Arguments.Count; i++)
        {
            var criterion = line.Arguments[i].ToLowerInvariant();
            var negated = criterion.StartsWith('!');
            if (negated)
            {
                criterion = criterion[1..];
            }

            bool? matched;
            if (criterion is "all" or "canonical" or "final")
            {
                // canonical and final need OpenSSH's second pass over the config, which we do not make.
                matched = criterion == "all" ? true : null;
            }
            else
            {
                if (++i >= line.Arguments.Count)
                {
                    throw Invalid(line, $"Match {criterion} needs a value after it. Add one, or remove the criterion.");
                }

                var patterns = line.Arguments[i];
                matched = criterion switch
                {
                    "host" => HostPattern.IsListMatch(currentHost, patterns, ignoreCase: true),
                    "originalhost" => HostPattern.IsListMatch(alias, patterns, ignoreCase: true),
                    "user" => HostPattern.IsListMatch(remoteUser, patterns, ignoreCase: false),
                    "localuser" => HostPattern.IsListMatch(localUser, patterns, ignoreCase: false),
                    _ => null,
                };
            }

            // An unsupported criterion never matches, negated or not: skipping a block is safer than guessing.
            if (matched is not { } value || value == negated)
            {
                result = false;
            }
        }

        return result;
    }

    private static string ExpandHostName(SshConfigLine line, string alias) =>
        ExpandTokens(line, line.Arguments[0], new Dictionary<char, string> { ['h'] = alias }, allowEnvironment: false);

    private static List<string> IdentityFilePaths(
        List<SshConfigLine> lines, string homeDirectory, Dictionary<char, string> tokens)
    {
        // Any IdentityFile, even "none", replaces the defaults; "none" itself names no file.
        if (lines.Count == 0)
        {
            return [.. DefaultIdentityFiles.Select(name => Path.Join(homeDirectory, ".ssh", name))];
        }

        var paths = new List<string>();
        foreach (var line in lines)
        {
            var value = line.Arguments[0];
            if (!value.Equals("none", StringComparison.OrdinalIgnoreCase)
                && ExpandPath(line, value, homeDirectory, tokens) is var path && !paths.Contains(path))
            {
                paths.Add(path);
            }
        }

        return paths;
    }

    private static List<string> KnownHostsPaths(SshConfigLine? line, string homeDirectory, Dictionary<char, string> tokens)
    {
        if (line is null)
        {
            return [.. DefaultKnownHostsFiles.Select(name => Path.Join(homeDirectory, ".ssh", name))];
        }

        return line.Arguments is ["none"]
            ? []
            : [.. line.Arguments.Select(value => ExpandPath(line, value, homeDirectory, tokens))];
    }

    private static string ExpandPath(SshConfigLine line, string value, string homeDirectory, Dictionary<char, string> tokens) =>
        // Only a '~' that was written counts (not one a token produced), and the home directory is never
        // itself scanned for tokens.
        AfterTilde(value, line) is { } rest
            ? Path.Join(homeDirectory, ExpandTokens(line, rest, tokens, allowEnvironment: true))
            : ExpandTokens(line, value, tokens, allowEnvironment: true);

    /// <summary>What follows <c>~/</c> (empty for a bare <c>~</c>), or null when the path does not start with <c>~</c>.</summary>
    private static string? AfterTilde(string path, SshConfigLine? line)
    {
        if (!path.StartsWith('~'))
        {
            return null;
        }

        var slash = path.IndexOfAny(['/', '\\']);
        var name = slash < 0 ? path[1..] : path[1..slash];
        if (name.Length > 0)
        {
            var message = $"The path {SshTarget.Quote(path)} uses ~{name}, which is not supported. Write the full path instead.";
            throw line is null ? new RemoteJupyterException(ErrorCode.InvalidHost, message) : Invalid(line, message);
        }

        return slash < 0 ? "" : path[(slash + 1)..];
    }

    private static string ExpandTokens(SshConfigLine line, string value, Dictionary<char, string> tokens, bool allowEnvironment)
    {
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                var token = ++i < value.Length ? value[i] : '\0';
                if (token == '%')
                {
                    result.Append('%');
                }
                else if (tokens.TryGetValue(token, out var replacement))
                {
                    result.Append(replacement);
                }
                else
                {
                    var supported = string.Join(", ", tokens.Keys.Order().Select(k => "%" + k).Append("%%"));
                    var what = token == '\0' ? "a lone '%' at the end" : $"'%{token}'";
                    throw Invalid(line, $"{line.Keyword} {SshTarget.Quote(value)} uses {what}, which is not supported here. Use one of {supported}, or write the value out in full.");
                }
            }
            else if (c == '$' && allowEnvironment && i + 1 < value.Length && value[i + 1] == '{')
            {
                var end = value.IndexOf('}', i + 2);
                if (end < 0)
                {
                    throw Invalid(line, $"{line.Keyword} {SshTarget.Quote(value)} has '${{' without a closing '}}'. Close it or remove it.");
                }

                var name = value[(i + 2)..end];
                result.Append(Environment.GetEnvironmentVariable(name)
                    ?? throw Invalid(line, $"{line.Keyword} {SshTarget.Quote(value)} uses the environment variable {name}, which is not set. Set it, or write the value out in full."));
                i = end;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static string Single(SshConfigLine line)
    {
        RequireArguments(line);
        if (line.Arguments.Count > 1)
        {
            throw Invalid(line, $"{line.Keyword} takes one value but has {line.Arguments.Count}. Quote a value that contains spaces, or remove the extra ones.");
        }

        return line.Arguments[0].Length > 0
            ? line.Arguments[0]
            : throw Invalid(line, $"{line.Keyword} has an empty value. Give it a value or remove the line.");
    }

    private static void RequireArguments(SshConfigLine line)
    {
        if (line.Arguments.Count == 0)
        {
            throw Invalid(line, $"{line.Keyword} has no value. Give it a value or remove the line.");
        }
    }

    private static int ParsePort(SshConfigLine line)
    {
        var text = Single(line);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw Invalid(line, $"Port {SshTarget.Quote(text)} is not a port number. Use a number from 1 to 65535.");
    }

    private static bool ParseFlag(SshConfigLine line) =>
        Single(line).ToLowerInvariant() switch
        {
            "yes" or "true" => true,
            "no" or "false" => false,
            var other => throw Invalid(line, $"{line.Keyword} {SshTarget.Quote(other)} is not yes or no. Use yes or no."),
        };

    private static string CheckUser(SshConfigLine line, string user) =>
        SshTarget.UserProblem(user) is { } problem
            ? throw Invalid(line, $"User {SshTarget.Quote(user)} {problem}. Fix the User value.")
            : user;

    private static RemoteJupyterException Invalid(SshConfigLine line, string message) =>
        new(ErrorCode.InvalidHost, $"{message} (SSH config: {line.Where})");
}
