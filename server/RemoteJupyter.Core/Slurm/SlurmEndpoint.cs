namespace RemoteJupyter.Core.Slurm;

/// <summary>Where the job's Jupyter listens, as the job wrote it: node name, bound address, port, binding mode.</summary>
public sealed record SlurmEndpoint(string Node, string Address, int Port, string Mode)
{
    /// <summary>Reads <c>NODE ADDRESS PORT MODE</c>; null when incomplete.</summary>
    public static SlurmEndpoint? Parse(string? line)
    {
        var fields = (line ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 4 && int.TryParse(fields[2], System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? new SlurmEndpoint(fields[0], fields[1], port, fields[3])
            : null;
    }
}
