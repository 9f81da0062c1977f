using System.Globalization;

namespace RemoteJupyter.Core.Slurm;

/// <summary>Where the job's Jupyter listens, as the job wrote it: node name, bound address, port, binding mode, the node's hostname.</summary>
public sealed record SlurmEndpoint(string Node, string Address, int Port, string Mode, string Host)
{
    /// <summary>What a job writes into its Slurm comment ahead of the fields, when home is not shared.</summary>
    public const string CommentPrefix = "rj:";

    /// <summary>The node's address as Slurm knows it (NodeAddr), where a jump connects; null from jobs that did not write it.</summary>
    public string? NodeAddress { get; init; }

    /// <summary>Where an SSH connection to the node goes: NodeAddr, else the node's hostname.</summary>
    public string JumpAddress => NodeAddress ?? Host;

    /// <summary>Reads the endpoint file's <c>NODE ADDRESS PORT MODE HOSTNAME [NODEADDR]</c>; null when incomplete.</summary>
    public static SlurmEndpoint? Parse(string? line) =>
        FromFields((line ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Reads a job comment <c>rj:NODE,ADDRESS,PORT,MODE,HOSTNAME[,NODEADDR]</c>; null for any other comment.</summary>
    public static SlurmEndpoint? ParseComment(string? comment) =>
        comment is { } text && text.Trim().StartsWith(CommentPrefix, StringComparison.Ordinal)
            ? FromFields(text.Trim()[CommentPrefix.Length..].Split(',', StringSplitOptions.TrimEntries))
            : null;

    /// <summary>
    /// Whether a forward from the login node <paramref name="loginHost"/> reaches this endpoint without a jump: a node
    /// address always; a loopback binding only on the login node itself (elsewhere the login node's 127.0.0.1 is another machine's).
    /// </summary>
    public bool DirectlyReachableFrom(string? loginHost) => Mode != "loopback" || string.Equals(loginHost, Host, StringComparison.Ordinal);

    private static SlurmEndpoint? FromFields(string[] fields) =>
        fields.Length is 5 or 6 && fields.All(f => f.Length > 0)
            && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? new SlurmEndpoint(fields[0], fields[1], port, fields[3], fields[4]) { NodeAddress = fields.Length == 6 ? fields[5] : null }
            : null;
}
