using System.Text;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>ssh_config's <c>~</c>, <c>%</c> tokens and <c>${VAR}</c> in values, expanded as OpenSSH does.</summary>
internal static class SshConfigTokens
{
    /// <summary>
    /// Expands a path: a written leading <c>~</c> (not one a token produced) becomes the home directory,
    /// which is never itself scanned for tokens; then tokens and <c>${VAR}</c>.
    /// </summary>
    public static string ExpandPath(SshConfigLine line, string value, string homeDirectory, Dictionary<char, string> tokens) =>
        AfterTilde(value, line) is { } rest
            ? Path.Join(homeDirectory, Expand(line, rest, tokens, allowEnvironment: true))
            : Expand(line, value, tokens, allowEnvironment: true);

    /// <summary>What follows <c>~/</c> (empty for a bare <c>~</c>), or null when the path does not start with <c>~</c>.</summary>
    public static string? AfterTilde(string path, SshConfigLine? line)
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
            throw line is null ? new RemoteJupyterException(ErrorCode.InvalidHost, message) : SshConfigFile.Invalid(line, message);
        }

        return slash < 0 ? "" : path[(slash + 1)..];
    }

    /// <summary>Replaces <c>%x</c> tokens from <paramref name="tokens"/> (and <c>%%</c>), and <c>${VAR}</c> when allowed.</summary>
    public static string Expand(SshConfigLine line, string value, Dictionary<char, string> tokens, bool allowEnvironment) =>
        TryExpand(value, tokens, allowEnvironment, out var problem) ?? throw SshConfigFile.Invalid(line, $"{line.Keyword} {SshTarget.Quote(value)} {problem}");

    /// <summary>Like <see cref="Expand"/>, but returns null and says why instead of throwing.</summary>
    public static string? TryExpand(string value, Dictionary<char, string> tokens, bool allowEnvironment, out string? problem)
    {
        problem = null;
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
                    problem = $"uses {what}, which is not supported here. Use one of {supported}, or write the value out in full.";
                    return null;
                }
            }
            else if (c == '$' && allowEnvironment && i + 1 < value.Length && value[i + 1] == '{')
            {
                var end = value.IndexOf('}', i + 2);
                if (end < 0)
                {
                    problem = "has '${' without a closing '}'. Close it or remove it.";
                    return null;
                }

                var name = value[(i + 2)..end];
                if (Environment.GetEnvironmentVariable(name) is not { } variable)
                {
                    problem = $"uses the environment variable {name}, which is not set. Set it, or write the value out in full.";
                    return null;
                }

                result.Append(variable);
                i = end;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
