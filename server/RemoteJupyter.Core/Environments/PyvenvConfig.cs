namespace RemoteJupyter.Core.Environments;

/// <summary>
/// A venv's <c>pyvenv.cfg</c>, read the way Python's own site.py reads it (<c>key = value</c>, keys
/// case-insensitive, other lines ignored). The tool that made the venv leaves its own key behind.
/// </summary>
internal sealed class PyvenvConfig
{
    private readonly Dictionary<string, string> values;

    private PyvenvConfig(Dictionary<string, string> values) => this.values = values;

    /// <summary>uv writes <c>uv = 0.4.18</c>, virtualenv <c>virtualenv = 20.26.3</c>; plain venv neither.</summary>
    public EnvironmentKind Kind =>
        values.ContainsKey("uv") ? EnvironmentKind.Uv
        : values.ContainsKey("virtualenv") ? EnvironmentKind.Virtualenv
        : EnvironmentKind.Venv;

    /// <summary>Made with <c>--system-site-packages</c>.</summary>
    public bool SystemSitePackages =>
        values.TryGetValue("include-system-site-packages", out var value) && value.Equals("true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public string? this[string key] => values.GetValueOrDefault(key);

    public static PyvenvConfig Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in text.Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return new PyvenvConfig(values);
    }
}
