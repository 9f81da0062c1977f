using System.Security.Cryptography;

namespace RemoteJupyter.Core.Remote;

/// <summary>
/// A line that is unique per command, printed before the command runs, so that anything a login
/// shell's rc files print (banners, "conda activate" chatter) is never mistaken for output.
/// </summary>
internal sealed class OutputMarker
{
    private OutputMarker(string text) => Text = text;

    public string Text { get; }

    /// <summary>The sh statements that print the marker on stdout and stderr.</summary>
    public string PrintStatements => $"printf '%s\\n' {Text}; printf '%s\\n' {Text} >&2";

    public static OutputMarker Create() =>
        new("__RJ_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + "__");

    /// <summary>
    /// An sh command that sends SIGTERM to the process group of whatever runs with this marker in its
    /// argv. sshd makes each session's shell a group leader, so children (python -m venv, pip) go too,
    /// while servers started with setsid live in their own session and stay. The marker is split in
    /// two awk variables so the killer's own command line never matches it.
    /// </summary>
    public string KillCommand
    {
        get
        {
            var half = Text.Length / 2;
            return $"ps -eo pid=,pgid=,args= | awk -v a={Text[..half]} -v b={Text[half..]} 'index($0, a b) {{ print $2 }}' | sort -u | " +
                "while read -r group; do kill -TERM \"-$group\" 2>/dev/null; done; true";
        }
    }

    /// <summary>Splits <paramref name="stream"/> at the marker line: (noise, output).</summary>
    public (string Noise, string Output, bool Found) Split(string stream)
    {
        var index = stream.IndexOf(Text + "\n", StringComparison.Ordinal);
        if (index < 0)
        {
            return (stream, string.Empty, false);
        }

        return (stream[..index], stream[(index + Text.Length + 1)..], true);
    }
}
