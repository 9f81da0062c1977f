namespace RemoteJupyter.Core.Jupyter;

/// <summary>How long a server has run, said briefly (12s, 3m05s, 2h04m, 1d3h): for progress lines and tables alike.</summary>
public static class ServerUptime
{
    /// <summary>The time since <paramref name="startedAt"/>, never negative (clocks of host and client differ a little).</summary>
    public static TimeSpan Since(DateTimeOffset startedAt, DateTimeOffset now) =>
        now > startedAt ? now - startedAt : TimeSpan.Zero;

    /// <summary>Brief text for <paramref name="span"/>.</summary>
    public static string Format(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays}d{span.Hours}h"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
        : $"{Math.Max(0, (int)span.TotalSeconds)}s";
}
