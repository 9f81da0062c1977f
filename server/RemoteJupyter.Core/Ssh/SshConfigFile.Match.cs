namespace RemoteJupyter.Core.Ssh;

/// <summary>Whether a <c>Host</c> or <c>Match</c> line applies to the host being resolved.</summary>
public static partial class SshConfigFile
{
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

    private static bool MatchMatches(SshConfigLine line, SshConfigOptions options)
    {
        RequireArguments(line);

        // Match host sees the HostName set so far (OpenSSH expands only %h in it here); in the final pass,
        // the host name the first pass settled on.
        var currentHost = options.FinalPass
            ? options.FinalHostName!
            : options.HostName is null ? options.Alias : ExpandHostName(options.HostName, options.Alias);
        var remoteUser = options.User ?? options.LocalUser;

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
                // Without canonicalization, OpenSSH's first reading has canonical and final false; a
                // non-negated "final" asks for a second reading, where both are true.
                if (criterion == "final" && !negated)
                {
                    options.WantFinalPass = true;
                }

                matched = criterion == "all" || options.FinalPass;
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
                    "originalhost" => HostPattern.IsListMatch(options.Alias, patterns, ignoreCase: true),
                    "user" => HostPattern.IsListMatch(remoteUser, patterns, ignoreCase: false),
                    "localuser" => HostPattern.IsListMatch(options.LocalUser, patterns, ignoreCase: false),
                    _ => null,
                };

                // We never run commands from a config; OpenSSH would, unless an earlier criterion failed.
                if (criterion == "exec" && result)
                {
                    var warning = $"Match exec {SshTarget.Quote(patterns)} on {line.Where} was not run; its block is treated as not matching.";
                    if (!options.Warnings.Contains(warning))
                    {
                        options.Warnings.Add(warning);
                    }
                }
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
        SshConfigTokens.Expand(line, line.Arguments[0], new Dictionary<char, string> { ['h'] = alias }, allowEnvironment: false);
}
