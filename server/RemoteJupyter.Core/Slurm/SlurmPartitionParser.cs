using System.Globalization;

namespace RemoteJupyter.Core.Slurm;

/// <summary>Reads <c>sinfo -h -o <see cref="Format"/></c>, a format every Slurm version has (unlike <c>--json</c>).</summary>
public static class SlurmPartitionParser
{
    /// <summary>Partition, availability, time limit, nodes, CPUs, memory, gres, nodes allocated/idle/other/total.</summary>
    public const string Format = "%P|%a|%l|%D|%c|%m|%G|%F";

    /// <summary>One partition per well-formed line; other lines are left out.</summary>
    public static IReadOnlyList<SlurmPartition> Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var partitions = new List<SlurmPartition>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            if (fields.Length != 8)
            {
                continue;
            }

            var name = fields[0];
            var isDefault = name.EndsWith('*');
            var counts = fields[7].Split('/');
            partitions.Add(new SlurmPartition(
                isDefault ? name[..^1] : name,
                isDefault,
                fields[1] == "up",
                SlurmTime.ParseSeconds(fields[2]),
                Number(fields[3]),
                fields[4],
                fields[5],
                fields[6] is "(null)" or "" ? null : fields[6],
                counts.Length == 4 ? Number(counts[1]) : 0));
        }

        return partitions;
    }

    private static int Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
