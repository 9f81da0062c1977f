namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// The kernels a server can start, from <c>GET api/kernelspecs</c>.
/// </summary>
/// <param name="Default">The kernel the server starts when none is named.</param>
/// <param name="Specs">Each spec's name, display name and language, in ordinal order of name so output is stable.</param>
public sealed record KernelSpecList(string Default, IReadOnlyList<KernelSpecSummary> Specs)
{
    /// <summary>Every kernel spec name, in the order of <see cref="Specs"/>.</summary>
    public IReadOnlyList<string> Names => Specs.Select(s => s.Name).ToList();
}

/// <summary>What a picker shows of one kernel spec.</summary>
public sealed record KernelSpecSummary(string Name, string DisplayName, string? Language);
