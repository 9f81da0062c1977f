using System.Text;

namespace RemoteJupyter.Core.Remote;

/// <summary>
/// The one way a value becomes part of a remote shell command. Every user-supplied string (paths, env
/// names, arguments) passes through here; nothing is concatenated into a command line unquoted.
/// </summary>
public static class ShellQuote
{
    /// <summary>
    /// Quotes <paramref name="value"/> for POSIX sh so it is always exactly one word with no expansion.
    /// Single quotes stop every expansion; an embedded quote is closed, escaped and reopened.
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            // sh cannot carry NUL in a word; refusing beats a silently truncated path.
            throw new ArgumentException("A shell argument cannot contain a NUL character.", nameof(value));
        }

        if (value.Length > 0 && IsPlainWord(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 2);
        builder.Append('\'');
        foreach (var c in value)
        {
            builder.Append(c == '\'' ? "'\\''" : c.ToString());
        }

        return builder.Append('\'').ToString();
    }

    /// <summary>
    /// Quotes a remote path, keeping a leading <c>~/</c> meaningful: it becomes <c>"$HOME"/…</c> so the
    /// person's home is used while the rest stays literal. Other tildes (<c>~user</c>) stay literal.
    /// </summary>
    public static string QuotePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == "~")
        {
            return "\"$HOME\"";
        }

        if (path.StartsWith("~/", StringComparison.Ordinal))
        {
            var rest = path[2..];
            return rest.Length == 0 ? "\"$HOME\"/" : "\"$HOME\"/" + Quote(rest);
        }

        return Quote(path);
    }

    /// <summary>Quotes each argument and joins them with spaces: a ready command line.</summary>
    public static string Join(IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Select(Quote));

    /// <summary>Quotes each argument and joins them with spaces: a ready command line.</summary>
    public static string Join(params string[] arguments) => Join((IEnumerable<string>)arguments);

    private static bool IsPlainWord(string value)
    {
        // A conservative allow-list: letters, digits and a few punctuation marks sh never interprets.
        // '~' and '=' are left out on purpose: a leading '~' expands and 'a=b' can be an assignment.
        foreach (var c in value)
        {
            var plain = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or '_' or '-' or '.' or '/' or ',' or ':' or '@' or '+' or '%';
            if (!plain)
            {
                return false;
            }
        }

        return true;
    }
}
