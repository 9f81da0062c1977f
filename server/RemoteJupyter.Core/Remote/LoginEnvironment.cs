using System.Text;

namespace RemoteJupyter.Core.Remote;

/// <summary>
/// The variables a person's login shell sets on top of what sshd gives every command (PATH entries from
/// .profile, <c>conda init</c> blocks, module systems), captured once per connection by
/// <see cref="LoginEnvironmentCapture"/> and exported at the top of every script. Values may be secrets
/// (an rc file exporting a token), so only <see cref="Names"/> are ever shown.
/// </summary>
public sealed partial class LoginEnvironment
{
    /// <summary>Where commands keep temporary files, so a read-only or noexec /tmp never matters.</summary>
    public const string TempDirectory = "~/.remote-jupyter/tmp";

    // Made 0700 like every folder the product writes; a HOME that cannot be written leaves TMPDIR
    // pointing nowhere, and Python then falls back to /tmp on its own.
    private const string TempDirectoryStatements =
        "TMPDIR=\"$HOME/.remote-jupyter/tmp\"; export TMPDIR\n" +
        "[ -d \"$TMPDIR\" ] || (umask 077 && mkdir -p \"$TMPDIR\") 2>/dev/null\n";

    private readonly IReadOnlyList<KeyValuePair<string, string>> variables;

    internal LoginEnvironment(string? shell, IEnumerable<KeyValuePair<string, string>> variables)
    {
        Shell = shell;
        this.variables = variables.OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        Names = this.variables.Select(v => v.Key).ToList();
        ExportStatements = RenderExports(this.variables);
    }

    /// <summary>sshd's environment alone: what commands get when the capture failed or timed out.</summary>
    public static LoginEnvironment None { get; } = new(null, []);

    /// <summary>The login shell that was run, e.g. <c>/usr/bin/zsh</c>; null when nothing was captured.</summary>
    public string? Shell { get; }

    /// <summary>The names of the captured variables, sorted; never their values.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>sh statements that set every captured variable and TMPDIR; they travel on stdin, never in argv.</summary>
    internal string ExportStatements { get; }

    /// <summary>The captured value of <paramref name="name"/>, for tests.</summary>
    internal string? this[string name] => variables.FirstOrDefault(v => v.Key == name).Value;

    private static string RenderExports(IEnumerable<KeyValuePair<string, string>> variables)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in variables)
        {
            // Names were checked to be identifiers; values are data whatever they hold.
            text.Append("export ").Append(name).Append('=').Append(ShellQuote.Quote(value)).Append('\n');
        }

        return text.Append(TempDirectoryStatements).ToString();
    }
}
