namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// Everything needed to open an SSH connection, after ssh_config and the typed target have been combined.
/// Paths are absolute where the config gave them that way, with <c>~</c> and <c>%</c> tokens expanded.
/// The init-only properties default to OpenSSH's defaults, so a host built by hand behaves like an
/// unconfigured one.
/// </summary>
/// <param name="Alias">The host exactly as typed, which is what <c>Host</c> patterns were matched against.</param>
/// <param name="HostName">The name or address to connect to, lower-cased like OpenSSH does.</param>
/// <param name="Port">The TCP port.</param>
/// <param name="User">The remote user.</param>
/// <param name="IdentityFiles">Private keys to try in order; may name files that do not exist, so callers filter.</param>
/// <param name="IdentitiesOnly">Whether only <paramref name="IdentityFiles"/> may be offered, not every agent key.</param>
/// <param name="UserKnownHostsFiles">known_hosts files to read, in order; the first is where new keys go. Empty means none.</param>
public sealed record ResolvedHost(
    string Alias,
    string HostName,
    int Port,
    string User,
    IReadOnlyList<string> IdentityFiles,
    bool IdentitiesOnly,
    IReadOnlyList<string> UserKnownHostsFiles)
{
    /// <summary>The <c>IdentityFile</c> values as written (before <c>~</c> and tokens), the way <c>ssh -G</c> prints them; empty for the defaults.</summary>
    public IReadOnlyList<string> IdentityFileSpecs { get; init; } = [];

    /// <summary>
    /// <c>IdentityAgent</c> with <c>~</c>, tokens and <c>${VAR}</c> expanded; <c>none</c> (no agent),
    /// <c>SSH_AUTH_SOCK</c> or <c>$VAR</c> (take the socket from that variable) are kept as written.
    /// Null when not configured, which means <c>$SSH_AUTH_SOCK</c>; <see cref="AgentSocket"/> applies all of this.
    /// </summary>
    public string? IdentityAgent { get; init; }

    /// <summary>The agent socket to use, or null for none: <see cref="IdentityAgent"/> applied to the environment.</summary>
    public string? AgentSocket => IdentityAgent switch
    {
        null or "SSH_AUTH_SOCK" => Environment.GetEnvironmentVariable("SSH_AUTH_SOCK"),
        "none" => null,
        ['$', .. var name] when name.Length > 0 => Environment.GetEnvironmentVariable(name),
        var path => path,
    };

    /// <summary><c>ProxyJump</c> hops in order (first hop first); empty when there are none.</summary>
    public IReadOnlyList<SshJumpHost> ProxyJump { get; init; } = [];

    /// <summary><c>ProxyJump</c> the way <c>ssh -G</c> prints it, or null when there is no jump.</summary>
    public string? ProxyJumpText { get; init; }

    /// <summary><c>ProxyCommand</c> as written, tokens unexpanded; null when unset or <c>none</c>.</summary>
    public string? ProxyCommand { get; init; }

    /// <summary><see cref="ProxyCommand"/> with <c>%h %p %r %n %%</c> expanded, or null when there is none or it uses other tokens.</summary>
    public string? ProxyCommandExpanded { get; init; }

    /// <summary>
    /// <c>StrictHostKeyChecking</c>: <c>ask</c> asks about unknown keys, <c>yes</c> refuses them, <c>accept-new</c>
    /// and <c>no</c> add them to known_hosts. A changed key is refused whatever this says.
    /// </summary>
    public StrictHostKeyChecking StrictHostKeyChecking { get; init; } = StrictHostKeyChecking.Ask;

    /// <summary><c>ServerAliveInterval</c> in seconds; 0 means no keep-alive.</summary>
    public int ServerAliveInterval { get; init; }

    /// <summary><c>ServerAliveCountMax</c>: unanswered keep-alives before giving up.</summary>
    public int ServerAliveCountMax { get; init; } = 3;

    /// <summary><c>ConnectTimeout</c> in seconds, or null for the system's TCP timeout.</summary>
    public int? ConnectTimeout { get; init; }

    /// <summary><c>ForwardAgent</c>; recorded only, we never forward the agent.</summary>
    public bool ForwardAgent { get; init; }

    /// <summary>The socket path when <c>ForwardAgent</c> names one (expanded), else null.</summary>
    public string? ForwardAgentSocket { get; init; }

    /// <summary>
    /// The ssh_config file this host was resolved with (like <c>ssh -F</c>), or null for the default files;
    /// <c>ProxyJump</c> hops are resolved through the same one.
    /// </summary>
    public string? ConfigFile { get; init; }

    /// <summary>Things in the config we did not do as OpenSSH would (a <c>Match exec</c> not run, an option we ignore), for the person to read.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
