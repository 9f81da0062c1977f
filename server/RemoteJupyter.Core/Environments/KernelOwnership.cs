namespace RemoteJupyter.Core.Environments;

/// <summary>Which environment runs a registered kernel, so each environment can show its kernel name.</summary>
internal static class KernelOwnership
{
    /// <summary>
    /// The first kernel (Jupyter's search order: the person's own folders first) that <paramref name="environment"/> runs.
    /// </summary>
    public static string? KernelNameOf(DiscoveredEnvironment environment, string? executable, IEnumerable<KernelRecord> kernels) =>
        kernels.FirstOrDefault(kernel => Runs(environment, executable, kernel))?.Name;

    private static bool Runs(DiscoveredEnvironment environment, string? executable, KernelRecord kernel)
    {
        var bin = environment.Kind == EnvironmentKind.System ? DirectoryOf(environment.Python) : environment.Path.TrimEnd('/') + "/bin";
        if (kernel.Argv0 is not { } argv0)
        {
            return false;
        }

        if (argv0.StartsWith('/'))
        {
            // bin/python and bin/python3 (or python3.12) of one prefix are the same interpreter.
            return argv0 == environment.Python || argv0 == executable || (DirectoryOf(argv0) == bin && IsPythonName(NameOf(argv0)));
        }

        // A bare "python3" in PREFIX/share/jupyter/kernels is that prefix's own interpreter: jupyter puts its bin first.
        var owner = environment.Kind == EnvironmentKind.System ? DirectoryOf(bin) : environment.Path.TrimEnd('/');
        return IsPythonName(argv0) && DirectoryOf(kernel.Dir) == owner + "/share/jupyter/kernels";
    }

    private static bool IsPythonName(string name) =>
        name.StartsWith("python", StringComparison.Ordinal) && name[6..].All(c => char.IsAsciiDigit(c) || c == '.');

    private static string DirectoryOf(string path)
    {
        var slash = path.TrimEnd('/').LastIndexOf('/');
        return slash > 0 ? path[..slash] : "/";
    }

    private static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];
}
