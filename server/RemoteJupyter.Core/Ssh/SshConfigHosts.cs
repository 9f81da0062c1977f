using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// The hosts a person has named in their ssh config: every literal <c>Host</c> alias (patterns with
/// <c>*</c>, <c>?</c> or <c>!</c> name no one host), each resolved as <c>ssh ALIAS</c> would. Files
/// named by <c>Include</c> are searched too.
/// </summary>
public static class SshConfigHosts
{
    /// <summary>Aliases in file order, resolved; aliases whose entry cannot be resolved are left out.</summary>
    public static IReadOnlyList<ResolvedHost> List(string? configFile)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var system = OperatingSystem.IsWindows() ? null : SshConfigFile.SystemConfigFile;
        var aliases = SshConfigFile.AllLines(configFile, home, system)
            .Where(line => line.Keyword.Equals("host", StringComparison.OrdinalIgnoreCase))
            .SelectMany(line => line.Arguments)
            .Where(pattern => pattern.IndexOfAny(['*', '?', '!', ',']) < 0)
            .Distinct(StringComparer.Ordinal);

        var hosts = new List<ResolvedHost>();
        foreach (var alias in aliases)
        {
            try
            {
                hosts.Add(SshConfigFile.Resolve(SshTarget.Parse(alias), configFile));
            }
            catch (RemoteJupyterException)
            {
                // A broken entry is reported when someone connects to it, not while listing.
            }
        }

        return hosts;
    }
}
