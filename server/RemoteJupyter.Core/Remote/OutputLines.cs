using System.Text;

namespace RemoteJupyter.Core.Remote;

/// <summary>
/// Reads a command's stdout while it runs, keeping all of it for the final <see cref="RemoteResult"/> and
/// reporting each complete line after the <see cref="OutputMarker"/> as it arrives, so rc-file noise never
/// reaches the listener.
/// </summary>
internal sealed class OutputLines
{
    private readonly StringBuilder text = new();
    private readonly OutputMarker marker;
    private readonly IProgress<string> listener;
    private int lineStart;
    private bool pastMarker;

    private OutputLines(OutputMarker marker, IProgress<string> listener)
    {
        this.marker = marker;
        this.listener = listener;
    }

    /// <summary>Reads <paramref name="stream"/> to its end on a pool thread and returns everything it held.</summary>
    public static Task<string> ReadAsync(Stream stream, OutputMarker marker, IProgress<string> listener)
    {
        var lines = new OutputLines(marker, listener);

        // SSH.NET's output stream only offers blocking reads.
        return Task.Run(() => lines.ReadAll(stream));
    }

    /// <summary>Feeds one decoded chunk; internal so tests can drive it without a stream.</summary>
    internal static OutputLines ForTest(OutputMarker marker, IProgress<string> listener) => new(marker, listener);

    internal void Append(ReadOnlySpan<char> chunk)
    {
        var scanFrom = text.Length;
        text.Append(chunk);
        for (var i = scanFrom; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                OnLine(text.ToString(lineStart, i - lineStart));
                lineStart = i + 1;
            }
        }
    }

    internal string Finish()
    {
        if (pastMarker && lineStart < text.Length)
        {
            listener.Report(text.ToString(lineStart, text.Length - lineStart));
        }

        return text.ToString();
    }

    private string ReadAll(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[8192];
        try
        {
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                Append(buffer.AsSpan(0, read));
            }
        }
        catch (ObjectDisposedException)
        {
            // The command was disposed (cancel, lost connection): what arrived so far is all there is.
        }

        return Finish();
    }

    private void OnLine(string line)
    {
        if (pastMarker)
        {
            listener.Report(line);
        }
        else if (line.EndsWith(marker.Text, StringComparison.Ordinal))
        {
            // Like OutputMarker.Split: a banner without a final newline may share the marker's line.
            pastMarker = true;
        }
    }
}
