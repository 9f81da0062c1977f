using System.Globalization;

namespace RemoteJupyter.Core.Slurm;

/// <summary>Slurm's time strings: <c>MM:SS</c>, <c>HH:MM:SS</c>, <c>D-HH:MM:SS</c>, <c>D-HH</c>; <c>UNLIMITED</c>/<c>INFINITE</c>/<c>NOT_SET</c> are none.</summary>
public static class SlurmTime
{
    /// <summary>The duration in whole seconds, or null for an unlimited, unset or unreadable value.</summary>
    public static long? ParseSeconds(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        long days = 0;
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            if (!long.TryParse(value.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out days))
            {
                return null;
            }

            value = value[(dash + 1)..];
        }

        var parts = value.Split(':');
        var numbers = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        // Without days: MM, MM:SS, HH:MM:SS. With days: D-HH, D-HH:MM, D-HH:MM:SS.
        var (hours, minutes, seconds) = (dash > 0, numbers.Length) switch
        {
            (false, 1) => (0L, numbers[0], 0L),
            (false, 2) => (0L, numbers[0], numbers[1]),
            (_, 3) => (numbers[0], numbers[1], numbers[2]),
            (true, 1) => (numbers[0], 0L, 0L),
            (true, 2) => (numbers[0], numbers[1], 0L),
            _ => (-1L, 0L, 0L),
        };
        return hours < 0 ? null : (((days * 24) + hours) * 60 + minutes) * 60 + seconds;
    }
}
