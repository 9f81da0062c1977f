namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// The values gathered while reading ssh_config for one host: null means "not set yet", since the first
/// value obtained for each keyword wins. Also carries what the reading needs to know about the host.
/// </summary>
internal sealed class SshConfigOptions
{
    public SshConfigOptions(string alias, string homeDirectory, string localUser, string? systemDirectory)
    {
        Alias = alias;
        HomeDirectory = homeDirectory;
        LocalUser = localUser;
        SystemDirectory = systemDirectory;
    }

    /// <summary>The host as typed: what <c>Host</c> and <c>Match originalhost</c> see.</summary>
    public string Alias { get; }

    public string HomeDirectory { get; }

    public string LocalUser { get; }

    /// <summary>Where relative <c>Include</c>s of the system-wide file point (<c>/etc/ssh</c>).</summary>
    public string? SystemDirectory { get; }

    /// <summary>Whether this is the second reading OpenSSH makes when some <c>Match final</c> asked for it.</summary>
    public bool FinalPass { get; set; }

    /// <summary>Set when a non-negated <c>Match final</c> was seen, asking for a second reading.</summary>
    public bool WantFinalPass { get; set; }

    /// <summary>In the final pass, the host name settled by the first pass (lower-cased).</summary>
    public string? FinalHostName { get; set; }

    public SshConfigLine? HostName { get; set; }

    public int? Port { get; set; }

    public string? User { get; set; }

    public List<SshConfigLine> IdentityFiles { get; } = [];

    public bool? IdentitiesOnly { get; set; }

    public SshConfigLine? KnownHosts { get; set; }

    public SshConfigLine? IdentityAgent { get; set; }

    /// <summary><c>none</c>, or the ProxyJump line; a jump also sets <see cref="ProxyCommand"/> to <c>none</c>, as in OpenSSH.</summary>
    public SshConfigLine? ProxyJump { get; set; }

    public bool ProxyJumpIsNone { get; set; }

    public string? ProxyCommand { get; set; }

    public SshConfigLine? ProxyCommandLine { get; set; }

    public StrictHostKeyChecking? StrictHostKeyChecking { get; set; }

    /// <summary>Seconds. An explicit <c>none</c> sets nothing, so, as in OpenSSH, a later line can still set a time.</summary>
    public int? ServerAliveInterval { get; set; }

    public int? ServerAliveCountMax { get; set; }

    public int? ConnectTimeout { get; set; }

    public bool? ForwardAgent { get; set; }

    public SshConfigLine? ForwardAgentSocket { get; set; }

    public List<string> Warnings { get; } = [];
}
