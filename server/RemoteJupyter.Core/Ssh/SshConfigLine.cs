using System.Text;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// One meaningful ssh_config line, split the way OpenSSH's readconf.c does it: a keyword ending at
/// whitespace or <c>=</c>, then arguments split on whitespace with <c>"</c>/<c>'</c> quoting and
/// backslash escapes, stopping at a <c>#</c> that starts an argument.
/// </summary>
/// <param name="File">The file the line came from, for messages.</param>
/// <param name="Number">The 1-based line number, for messages.</param>
/// <param name="Keyword">The keyword, lower-cased because keywords are case-insensitive.</param>
/// <param name="Arguments">The arguments with quotes and escapes removed; may be empty.</param>
internal sealed record SshConfigLine(string File, int Number, string Keyword, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// Everything after the keyword exactly as written (quotes and comments kept, leading blanks and
    /// <c>=</c> and trailing blanks removed): what OpenSSH stores for <c>ProxyCommand</c>.
    /// </summary>
    public string Rest { get; init; } = "";

    /// <summary>Where the line is, phrased for an error message.</summary>
    public string Where => $"line {Number} of {File}";

    /// <summary>Splits one line; null for blank lines and comments.</summary>
    /// <exception cref="RemoteJupyterException">With <see cref="ErrorCode.InvalidHost"/> when a quote is left open.</exception>
    public static SshConfigLine? Parse(string file, int number, string text)
    {
        var i = SkipBlanks(text, 0);
        var start = i;
        while (i < text.Length && !IsBlank(text[i]) && text[i] != '=')
        {
            i++;
        }

        var keyword = text[start..i];
        if (keyword.Length == 0 || keyword[0] == '#')
        {
            return null;
        }

        i = SkipBlanks(text, i);
        if (i < text.Length && text[i] == '=')
        {
            i = SkipBlanks(text, i + 1);
        }

        var rest = text[i..].TrimEnd(' ', '\t', '\r', '\n', '\f').TrimStart(' ', '\t', '\r', '\n', '=');
        return new SshConfigLine(file, number, keyword.ToLowerInvariant(), SplitArguments(file, number, text, i)) { Rest = rest };
    }

    private static List<string> SplitArguments(string file, int number, string text, int i)
    {
        var arguments = new List<string>();
        while ((i = SkipBlanks(text, i)) < text.Length && text[i] != '#')
        {
            var argument = new StringBuilder();
            var quote = '\0';
            for (; i < text.Length && (quote != '\0' || !IsBlank(text[i])); i++)
            {
                var c = text[i];
                var next = i + 1 < text.Length ? text[i + 1] : '\0';
                if (c == '\\' && (next is '\'' or '"' or '\\' || (quote == '\0' && next == ' ')))
                {
                    argument.Append(next);
                    i++;
                }
                else if (quote == '\0' && c is '"' or '\'')
                {
                    quote = c;
                }
                else if (quote != '\0' && c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    argument.Append(c);
                }
            }

            if (quote != '\0')
            {
                throw new RemoteJupyterException(
                    ErrorCode.InvalidHost,
                    $"A quote ({quote}) is not closed on line {number} of {file}. Close it or remove it.");
            }

            arguments.Add(argument.ToString());
        }

        return arguments;
    }

    private static int SkipBlanks(string text, int i)
    {
        while (i < text.Length && IsBlank(text[i]))
        {
            i++;
        }

        return i;
    }

    // ReadAllLines already split on newlines; '\r' (CRLF files) and '\f' count as trailing space in OpenSSH.
    private static bool IsBlank(char c) => c is ' ' or '\t' or '\r' or '\f';
}
