namespace RemoteJupyter.Core.Slurm;

/// <summary>Where the job's Jupyter listens, as the job wrote it: node name, bound address, port, binding mode, the node's hostname.</summary>
public sealed record SlurmEndpoint(string Node, string Address, int Port, string Mode, string Host)
{
    /// <summary>Reads <c>NODE ADDRESS PORT MODE HOSTNAME</c>; null when incomplete.</summary>
    public static SlurmEndpoint? Parse(string? line)
    {
        var fields = (line ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 5 && int.TryParse(fields[2], System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? new SlurmEndpoint(fields[0], fields[1], port, fields[3], fields[4])
            : null;
    }

    /// <summary>
    /// Whether a tunnel from the login node <paramref name="loginHost"/> reaches this endpoint: a node address always; a
    /// loopback binding only on the login node itself (elsewhere the login node's 127.0.0.1 is another machine's).
    /// </summary>
    public bool ReachableFrom(string? loginHost) => Mode != "loopback" || string.Equals(loginHost, Host, StringComparison.Ordinal);
}
