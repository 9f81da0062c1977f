namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// The files an <c>Include</c> argument names, as OpenSSH finds them: relative paths live in <c>~/.ssh</c>
/// for user configs and beside the system config (<c>/etc/ssh</c>) for the system one; <c>*</c>, <c>?</c>
/// and <c>[…]</c> glob within each path segment, hidden names only when the pattern starts with a dot;
/// matches in sorted order, and a pattern matching nothing is no error.
/// </summary>
internal static class SshConfigInclude
{
    public static List<string> Expand(SshConfigLine line, string pattern, bool userConfig, SshConfigOptions options)
    {
        string path;
        if (SshConfigTokens.AfterTilde(pattern, line) is { } rest)
        {
            path = userConfig
                ? Path.Join(options.HomeDirectory, rest)
                : throw SshConfigFile.Invalid(line, $"Include {SshTarget.Quote(pattern)} uses '~', which the system config may not. Write the full path.");
        }
        else if (Path.IsPathRooted(pattern))
        {
            path = pattern;
        }
        else
        {
            path = userConfig ? Path.Join(options.HomeDirectory, ".ssh", pattern) : Path.Join(options.SystemDirectory ?? "/etc/ssh", pattern);
        }

        var matches = new List<string> { path.StartsWith('/') ? "/" : "" };
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            matches = [.. matches.SelectMany(parent => Children(parent, segment))];
        }

        // Directories open but hold no lines in OpenSSH, so they add nothing.
        return [.. matches.Where(File.Exists).Order(StringComparer.Ordinal)];
    }

    private static List<string> Children(string parent, string segment)
    {
        if (segment.IndexOfAny(['*', '?', '[']) < 0)
        {
            return [parent.Length == 0 ? segment : Path.Join(parent, segment)];
        }

        var directory = parent.Length == 0 ? "." : parent;
        if (!Directory.Exists(directory))
        {
            return [];
        }

        try
        {
            return Directory.EnumerateFileSystemEntries(directory)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => (!name.StartsWith('.') || segment.StartsWith('.')) && IsMatch(name, 0, segment, 0))
                .Select(name => parent.Length == 0 ? name : Path.Join(parent, name))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // glob(3) skips directories it cannot read.
            return [];
        }
    }

    /// <summary>fnmatch(3) for one path segment: <c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, <c>[!x]</c>, <c>\x</c>.</summary>
    private static bool IsMatch(string name, int n, string pattern, int p)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            if (c == '*')
            {
                for (var k = n; k <= name.Length; k++)
                {
                    if (IsMatch(name, k, pattern, p + 1))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (n >= name.Length)
            {
                return false;
            }

            if (c == '[' && ClassEnd(pattern, p) is var end and > 0)
            {
                if (!InClass(name[n], pattern[(p + 1)..end]))
                {
                    return false;
                }

                p = end + 1;
            }
            else
            {
                if (c == '\\' && p + 1 < pattern.Length)
                {
                    c = pattern[++p];
                }

                if (c != '?' && c != name[n])
                {
                    return false;
                }

                p++;
            }

            n++;
        }

        return n == name.Length;
    }

    private static int ClassEnd(string pattern, int p)
    {
        var i = p + 1;
        if (i < pattern.Length && pattern[i] is '!' or '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        var end = pattern.IndexOf(']', i);
        return end;
    }

    private static bool InClass(char c, string set)
    {
        var negated = set.Length > 0 && set[0] is '!' or '^';
        var i = negated ? 1 : 0;
        var found = false;
        for (; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                found |= c >= set[i] && c <= set[i + 2];
                i += 2;
            }
            else
            {
                found |= c == set[i];
            }
        }

        return found != negated;
    }
}
