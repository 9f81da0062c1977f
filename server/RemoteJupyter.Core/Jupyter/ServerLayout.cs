using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// Where the product keeps its files on the remote: <c>ROOT/servers/ID/</c> holds state.json, pid, key,
/// python, server.log and Jupyter's runtime dir; <c>ROOT/locks/</c> the start locks. Directories are 0700 and files 0600 (the scripts run with
/// umask 077).
/// </summary>
public sealed record ServerLayout(string Root = ServerLayout.DefaultRoot)
{
    /// <summary>The default state root.</summary>
    public const string DefaultRoot = "~/.remote-jupyter";

    /// <summary>The shell expression for the servers folder (home-relative roots stay expandable).</summary>
    internal string QuotedServersDir => ShellQuote.QuotePath(Root.TrimEnd('/') + "/servers");

    /// <summary>The shell expression for the start locks' folder.</summary>
    internal string QuotedLocksDir => ShellQuote.QuotePath(Root.TrimEnd('/') + "/locks");

    /// <summary>The start locks' folder as a plain path, for messages.</summary>
    public string LocksDir => Root.TrimEnd('/') + "/locks";

    /// <summary>The Slurm jobs folder as a plain path, for messages.</summary>
    public string JobsDir => Root.TrimEnd('/') + "/jobs";

    /// <summary>Where Slurm job scripts and their state live, quoted for sh.</summary>
    internal string QuotedJobsDir => ShellQuote.QuotePath(Root.TrimEnd('/') + "/jobs");

    /// <summary>The servers folder as a plain path, for messages.</summary>
    public string ServersDir => Root.TrimEnd('/') + "/servers";
}
