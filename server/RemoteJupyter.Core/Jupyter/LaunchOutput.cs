namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// What a launch script printed: tab-separated <c>NAME\tVALUE</c> lines (fail, state, result, exit, warn), then, after a
/// line <c>log</c>, the server's last log lines each prefixed <c>| </c>.
/// </summary>
internal sealed class LaunchOutput
{
    private readonly string[] lines;

    public LaunchOutput(string stdout) => lines = stdout.Split('\n');

    /// <summary>The value of the first <paramref name="name"/> line; null when there is none.</summary>
    public string? Field(string name) =>
        lines.FirstOrDefault(l => l.StartsWith(name + "\t", StringComparison.Ordinal))?[(name.Length + 1)..];

    /// <summary>The values of every <paramref name="name"/> line.</summary>
    public IEnumerable<string> Fields(string name) =>
        lines.Where(l => l.StartsWith(name + "\t", StringComparison.Ordinal)).Select(l => l[(name.Length + 1)..]);

    /// <summary>The server's recorded state, when the script printed one.</summary>
    public RemoteServer? State => Field("state") is { } json ? RemoteServerJson.Parse(json) : null;

    /// <summary>The readiness wait's outcome: ready, exited or timeout; null when it never ran.</summary>
    public string? Outcome => Field("result");

    /// <summary>
    /// The server that started and answered, with the script's warnings (each also handed to <paramref name="onWarning"/>);
    /// null when it did not.
    /// </summary>
    public RemoteServer? Ready(Action<string> onWarning)
    {
        if (State is not { } state || Outcome != "ready")
        {
            return null;
        }

        var warnings = Fields("warn").ToList();
        warnings.ForEach(onWarning);
        return state with { Warnings = warnings };
    }

    /// <summary>The log lines after <c>log</c>, unprefixed.</summary>
    public string LogTail =>
        string.Join('\n', lines.SkipWhile(l => l != "log").Skip(1).Select(l => l.StartsWith("| ", StringComparison.Ordinal) ? l[2..] : l)).Trim();

    /// <summary>True when the log says the port was taken.</summary>
    public bool PortInUse => LogTail is var tail && (tail.Contains("already in use", StringComparison.Ordinal) || tail.Contains("no available port", StringComparison.Ordinal));
}
