namespace RemoteJupyter.Core.Remote;

/// <summary>What one remote command produced, with login-shell noise already separated out.</summary>
/// <param name="ExitCode">The exit status; -1 when the server sent none (killed by a signal).</param>
/// <param name="Stdout">Standard output after our marker line.</param>
/// <param name="Stderr">Standard error after our marker line.</param>
/// <param name="Noise">Whatever rc files printed before the command ran; kept for diagnostics only.</param>
public sealed record RemoteResult(int ExitCode, string Stdout, string Stderr, string Noise)
{
    /// <summary>True when the command exited with status 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>
    /// The tab-separated records our scripts print, one per non-empty line of stdout, each split into at most
    /// <paramref name="maxFields"/> fields (the last keeps any further tabs).
    /// </summary>
    internal List<string[]> Records(int maxFields = int.MaxValue) =>
        Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t', maxFields)).ToList();

    /// <summary>At most the first 600 characters of remote output, for an error message.</summary>
    internal static string Excerpt(string text) => text.Length > 600 ? text[..600] + "…" : text.Trim();
}
