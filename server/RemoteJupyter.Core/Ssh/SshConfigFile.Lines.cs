namespace RemoteJupyter.Core.Ssh;

/// <summary>Reading one file: which lines apply, and what each keyword we use takes from its line.</summary>
public static partial class SshConfigFile
{
    // OpenSSH's READCONF_MAX_DEPTH.
    private const int MaxIncludeDepth = 16;

    /// <summary>
    /// Reads <paramref name="file"/> like OpenSSH's read_config_file_depth: it starts outside any Host or
    /// Match block (inactive throughout when included from an inactive place), and Match criteria are
    /// evaluated even there.
    /// </summary>
    private static void ReadFile(string file, SshConfigOptions options, bool userConfig, bool neverMatch, int depth)
    {
        var active = !neverMatch;
        foreach (var line in ReadLines(file))
        {
            // Applicable lines are checked even when an earlier line already won, so a broken line is
            // reported the way ssh would report it rather than lurking until the earlier one is removed.
            switch (line.Keyword)
            {
                case "host":
                    active = HostMatches(line, options.Alias) && !neverMatch;
                    break;
                case "match":
                    active = MatchMatches(line, options) && !neverMatch;
                    break;
                case "include":
                    Include(line, options, userConfig, active, depth);
                    break;
                default:
                    if (active)
                    {
                        Apply(line, options);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Every line of the files ssh would read, with each <c>Include</c> replaced by the lines of the files
    /// it names (whether or not its block applies to any one host): what a list of all aliases needs.
    /// </summary>
    internal static IEnumerable<SshConfigLine> AllLines(string? configFile, string homeDirectory, string? systemConfigFile)
    {
        var options = new SshConfigOptions("", homeDirectory, "", systemConfigFile is null ? null : Path.GetDirectoryName(systemConfigFile));
        return FilesToRead(configFile, homeDirectory, systemConfigFile).SelectMany(file =>
            AllLines(file, options, userConfig: systemConfigFile is null || !string.Equals(file, systemConfigFile, StringComparison.Ordinal), depth: 0));
    }

    private static IEnumerable<SshConfigLine> AllLines(string file, SshConfigOptions options, bool userConfig, int depth) =>
        ReadLines(file).SelectMany(line => line.Keyword == "include" && depth < MaxIncludeDepth
            ? line.Arguments.SelectMany(pattern => SshConfigInclude.Expand(line, pattern, userConfig, options))
                .SelectMany(included => AllLines(included, options, userConfig, depth + 1))
            : [line]);

    private static void Include(SshConfigLine line, SshConfigOptions options, bool userConfig, bool active, int depth)
    {
        RequireArguments(line);
        if (depth + 1 > MaxIncludeDepth)
        {
            throw Invalid(line, $"Include goes deeper than {MaxIncludeDepth} files. Look for a file that includes itself.");
        }

        foreach (var pattern in line.Arguments)
        {
            foreach (var included in SshConfigInclude.Expand(line, pattern, userConfig, options))
            {
                // An included file's Host and Match lines do not change whether the including file's block applies.
                ReadFile(included, options, userConfig, neverMatch: !active, depth + 1);
            }
        }
    }

    private static void Apply(SshConfigLine line, SshConfigOptions options)
    {
        switch (line.Keyword)
        {
            case "hostname":
                _ = Single(line);
                if (!options.FinalPass)
                {
                    options.HostName ??= line;
                }

                break;
            case "port":
                var port = ParsePort(line);
                options.Port ??= port;
                break;
            case "user":
                var user = CheckUser(line, Single(line));
                options.User ??= user;
                break;
            case "identityfile":
                _ = Single(line);
                if (!options.IdentityFiles.Exists(l => l.Arguments[0] == line.Arguments[0]))
                {
                    options.IdentityFiles.Add(line);
                }

                break;
            case "identitiesonly":
                var identitiesOnly = ParseFlag(line);
                options.IdentitiesOnly ??= identitiesOnly;
                break;
            case "userknownhostsfile":
                RequireArguments(line);
                options.KnownHosts ??= line;
                break;
            case "identityagent":
                _ = Single(line);
                options.IdentityAgent ??= line;
                break;
            case "proxyjump":
                ApplyProxyJump(line, options);
                break;
            case "proxycommand":
                RequireArguments(line);
                if (options.ProxyCommand is null)
                {
                    options.ProxyCommand = line.Rest;
                    options.ProxyCommandLine = line;
                }

                break;
            case "stricthostkeychecking":
                var strict = ParseStrictHostKeyChecking(line);
                options.StrictHostKeyChecking ??= strict;
                break;
            case "serveraliveinterval":
                var interval = ParseTime(line);
                options.ServerAliveInterval ??= interval;
                break;
            case "serveralivecountmax":
                var countMax = ParseCount(line);
                options.ServerAliveCountMax ??= countMax;
                break;
            case "connecttimeout":
                var timeout = ParseTime(line);
                options.ConnectTimeout ??= timeout;
                break;
            case "forwardagent":
                ApplyForwardAgent(line, options);
                break;
            case "canonicalizehostname" when Single(line).ToLowerInvariant() is "yes" or "always":
                options.Warnings.Add($"CanonicalizeHostname on {line.Where} is not supported: host names are used as written, without DNS lookups.");
                break;
            default:
                // Unknown keywords are options we have no use for.
                break;
        }
    }

    private static void ApplyProxyJump(SshConfigLine line, SshConfigOptions options)
    {
        var value = Single(line);
        var isNone = value.Equals("none", StringComparison.OrdinalIgnoreCase);
        var hops = isNone ? [] : ParseJumpHosts(line, value);

        // As in OpenSSH, whichever of ProxyJump and ProxyCommand comes first wins, and a jump blocks any
        // ProxyCommand after it; "ProxyJump none" blocks later jumps but not a later ProxyCommand.
        if (options.ProxyCommand is null && options.ProxyJump is null)
        {
            options.ProxyJump = line;
            options.ProxyJumpIsNone = isNone;
            if (hops.Count > 0)
            {
                options.ProxyCommand = "none";
            }
        }
    }

    private static void ApplyForwardAgent(SshConfigLine line, SshConfigOptions options)
    {
        var value = Single(line);
        bool? flag = value.ToLowerInvariant() switch
        {
            "yes" or "true" => true,
            "no" or "false" => false,
            _ => null,
        };

        // Anything else is a socket path to forward, and turns forwarding on unless an earlier line set it.
        options.ForwardAgent ??= flag ?? true;
        if (flag is null)
        {
            options.ForwardAgentSocket ??= line;
        }
    }
}
