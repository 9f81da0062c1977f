namespace RemoteJupyter.Core.Slurm;

/// <summary>The wire and command-line names of <see cref="SlurmNodeAccess"/>: <c>auto</c>, <c>jump</c>, <c>node-address</c>.</summary>
public static class SlurmNodeAccessNames
{
    /// <summary>Every name, in the enum's order.</summary>
    public static IReadOnlyList<string> All { get; } = ["auto", "jump", "node-address"];

    /// <summary>The name of <paramref name="access"/>.</summary>
    public static string Name(SlurmNodeAccess access) => All[(int)access];

    /// <summary>The access a name stands for (null or empty: auto); null for a name that is none of <see cref="All"/>.</summary>
    public static SlurmNodeAccess? Parse(string? name) => string.IsNullOrEmpty(name) ? SlurmNodeAccess.Auto
        : All.ToList().IndexOf(name.Trim().ToLowerInvariant()) is var index and >= 0 ? (SlurmNodeAccess)index : null;
}
