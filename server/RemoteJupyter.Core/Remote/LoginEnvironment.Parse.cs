namespace RemoteJupyter.Core.Remote;

// Reading what the capture script printed: sshd's environment and the login shell's, each between
// markers and NUL-separated, with whatever rc files printed around them.
public sealed partial class LoginEnvironment
{
    // Per process or per session: copying them from the capture's shell would be wrong for the next command.
    private static readonly HashSet<string> SessionVariables = new(StringComparer.Ordinal)
    {
        "PWD", "OLDPWD", "SHLVL", "_", "PS1", "PS2", "PS3", "PS4", "PROMPT", "RPROMPT", "PROMPT_COMMAND",
        "TERM", "COLUMNS", "LINES", "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY", "SSH_AUTH_SOCK", "SSH_ORIGINAL_COMMAND",
        "HOME", "USER", "LOGNAME", "SHELL", "MAIL", "TMPDIR",

        // They make every later sh or bash re-read rc files, which would bring the banners back into output.
        "ENV", "BASH_ENV",
    };

    /// <summary>
    /// Keeps the variables the login shell added or changed compared with sshd's environment, minus
    /// per-session ones and names sh cannot export; null when the markers are missing (the shell failed).
    /// </summary>
    internal static LoginEnvironment? Parse(string output, LoginEnvironmentMarkers markers)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(markers);
        var plain = Section(output, markers.PlainStart, markers.PlainEnd);
        var login = Section(output, markers.LoginStart, markers.LoginEnd);
        if (plain is null || login is null)
        {
            return null;
        }

        var before = Variables(plain).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var added = Variables(login)
            .Select(v => v.Key == "PATH" ? new(v.Key, WithoutRepeats(v.Value)) : v)
            .Where(v => !SessionVariables.Contains(v.Key) && !v.Key.StartsWith("BASH_FUNC_", StringComparison.Ordinal) && IsIdentifier(v.Key))
            .Where(v => !before.TryGetValue(v.Key, out var old) || old != v.Value)
            .DistinctBy(v => v.Key, StringComparer.Ordinal);
        return new LoginEnvironment(ShellName(output, markers), added);
    }

    private static string? Section(string output, string start, string end)
    {
        // The markers are random per capture, so only our own printf can produce them; a banner that
        // looks alike differs in the random part.
        var from = output.IndexOf(start + "\n", StringComparison.Ordinal);
        if (from < 0)
        {
            return null;
        }

        from += start.Length + 1;
        var to = output.IndexOf(end + "\n", from, StringComparison.Ordinal);
        return to < 0 ? null : output[from..to];
    }

    private static IEnumerable<KeyValuePair<string, string>> Variables(string section)
    {
        foreach (var entry in section.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                yield return new(entry[..equals], entry[(equals + 1)..]);
            }
        }
    }

    /// <summary>
    /// rc files that prepend to PATH ran once for sshd's own shell (fish, tcsh, bash's non-interactive
    /// part) and again for the login shell, so their entries come twice; the first of each is enough.
    /// </summary>
    private static string WithoutRepeats(string path) => string.Join(':', path.Split(':').Distinct(StringComparer.Ordinal));

    private static string? ShellName(string output, LoginEnvironmentMarkers markers)
    {
        var prefix = markers.Shell + " ";
        var from = output.IndexOf(prefix, StringComparison.Ordinal);
        if (from < 0)
        {
            return null;
        }

        from += prefix.Length;
        var to = output.IndexOf('\n', from);
        return to < 0 ? null : output[from..to];
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
