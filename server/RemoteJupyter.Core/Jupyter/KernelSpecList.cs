namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// The kernels a server can start, from <c>GET api/kernelspecs</c>.
/// </summary>
/// <param name="Default">The kernel the server starts when none is named.</param>
/// <param name="Names">Every kernel spec name, in ordinal order so output is stable.</param>
public sealed record KernelSpecList(string Default, IReadOnlyList<string> Names)
{
    /// <summary>Each spec's name, display name and language, in the order of <see cref="Names"/>.</summary>
    public IReadOnlyList<KernelSpecSummary> Specs { get; init; } = [];
}

/// <summary>What a picker shows of one kernel spec.</summary>
public sealed record KernelSpecSummary(string Name, string DisplayName, string? Language);
