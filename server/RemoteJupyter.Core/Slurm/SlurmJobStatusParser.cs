namespace RemoteJupyter.Core.Slurm;

/// <summary>Reads <c>squeue -h -o <see cref="Format"/></c> lines and <c>scontrol show job</c> output.</summary>
public static class SlurmJobStatusParser
{
    /// <summary>Job id, state, reason, node list, time left, partition, time limit, comment (last: a comment may hold <c>|</c>).</summary>
    public const string Format = "%i|%T|%r|%N|%L|%P|%l|%k";

    /// <summary>One status per well-formed squeue line.</summary>
    public static IReadOnlyList<SlurmJobStatus> ParseQueue(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var jobs = new List<SlurmJobStatus>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Five fields at least (a line the list script makes from scontrol has no more); the rest when squeue printed them.
            var fields = line.Split('|', 8);
            if (fields.Length >= 5 && fields[0].Length > 0)
            {
                jobs.Add(new SlurmJobStatus(fields[0], fields[1], Reason(fields[2]), NullIfEmpty(fields[3]), SlurmTime.ParseSeconds(fields[4]))
                {
                    Partition = fields.Length > 5 ? NullIfEmpty(fields[5]) : null,
                    TimeLimitSeconds = fields.Length > 6 ? SlurmTime.ParseSeconds(fields[6]) : null,
                    Comment = fields.Length > 7 ? NullIfEmpty(fields[7]) : null,
                });
            }
        }

        return jobs;
    }

    /// <summary>The status in <c>scontrol show job ID</c>'s <c>KEY=VALUE</c> text; null when it names no job.</summary>
    public static SlurmJobStatus? ParseScontrol(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in output.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values.TryAdd(token[..equals], token[(equals + 1)..]);
            }
        }

        if (!values.TryGetValue("JobId", out var jobId) || !values.TryGetValue("JobState", out var state))
        {
            return null;
        }

        var limit = SlurmTime.ParseSeconds(values.GetValueOrDefault("TimeLimit"));
        var run = SlurmTime.ParseSeconds(values.GetValueOrDefault("RunTime"));
        long? left = state == "RUNNING" && limit is { } l && run is { } r ? Math.Max(0, l - r) : null;
        return new SlurmJobStatus(jobId, state, Reason(values.GetValueOrDefault("Reason")), NullIfEmpty(values.GetValueOrDefault("NodeList")), left)
        {
            Partition = NullIfEmpty(values.GetValueOrDefault("Partition")),
            TimeLimitSeconds = limit,
            Comment = NullIfEmpty(values.GetValueOrDefault("Comment")),
        };
    }

    private static string? Reason(string? text) => text is null or "" or "None" or "(null)" ? null : text;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) || text is "(null)" or "N/A" ? null : text;
}
