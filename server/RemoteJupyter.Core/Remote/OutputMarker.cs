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
