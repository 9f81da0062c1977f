namespace RemoteJupyter.Core.Environments;

/// <summary>What discovery found. When it ran out of time, the lists are partial and a warning says so.</summary>
public sealed record DiscoveryResult(
    IReadOnlyList<DiscoveredEnvironment> Environments,
    IReadOnlyList<RegisteredKernel> Kernels,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Discovery stopped at its time bound; <see cref="Environments"/> holds what was probed by then.</summary>
    public bool TimedOut { get; init; }
}

/// <summary>Where and how long to look.</summary>
public sealed record DiscoveryOptions
{
    /// <summary>Default bound for the whole discovery.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Project folders (the workspace folder on the host, configured roots) searched for <c>.venv</c>, <c>venv</c>
    /// and <c>env</c> environments, besides the usual homes (<c>~/.virtualenvs</c>, <c>~/venvs</c>, <c>~/.venvs</c>).
    /// </summary>
    public IReadOnlyList<string> Roots { get; init; } = [];

    /// <summary>Bound for the whole discovery; what was found by then is returned with a warning.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Colon-separated directories to look for <c>python3</c> in instead of PATH and well-known prefixes (tests).</summary>
    public string? SearchPath { get; init; }
}
