namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// OpenSSH's host pattern language: <c>*</c> matches any run of characters, <c>?</c> exactly one, and in
/// comma-separated lists a leading <c>!</c> negates an entry.
/// </summary>
internal static class HostPattern
{
    /// <summary>Whether <paramref name="text"/> matches the whole of <paramref name="pattern"/>.</summary>
    public static bool IsMatch(string text, string pattern, bool ignoreCase)
    {
        // Iterative matching that only ever backtracks to the most recent '*': hostile patterns such as
        // "*a*a*a*a*b" stay linear-ish instead of exploding like a naive recursive matcher.
        int t = 0, p = 0, starPattern = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starPattern = p++;
                starText = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || CharsEqual(pattern[p], text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (starPattern >= 0)
            {
                p = starPattern + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>
    /// Matches a comma-separated list such as <c>*.example.com,!bastion.example.com</c>. True when some
    /// entry matches and no negated entry does, which is how OpenSSH reads known_hosts host fields and
    /// <c>Match</c> criteria.
    /// </summary>
    public static bool IsListMatch(string text, string list, bool ignoreCase)
    {
        var matched = false;
        foreach (var entry in list.Split(','))
        {
            var negated = entry.StartsWith('!');
            if (IsMatch(text, negated ? entry[1..] : entry, ignoreCase))
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

    // ASCII-only folding, like OpenSSH's tolower(): host names are ASCII, and culture rules must not apply.
    private static bool CharsEqual(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.IsAsciiLetter(a) && (a | 0x20) == (b | 0x20));
}
