namespace RemoteJupyter.Sidecar.Demo;

/// <summary>How to start a <see cref="ThrowawaySshHost"/>.</summary>
public sealed record ThrowawaySshHostOptions
{
    /// <summary>
    /// The account ssh logs in as; null means the current user. Any other name needs root, which then
    /// creates the account if it is missing.
    /// </summary>
    public string? LoginUser { get; init; }

    /// <summary>
    /// The login shell of <see cref="LoginUser"/>, e.g. <c>/usr/bin/zsh</c>, set when the account is created
    /// or differs; null keeps an existing account's shell and gives a new one /bin/bash.
    /// </summary>
    public string? LoginShell { get; init; }

    /// <summary>The Host alias written to the generated ssh_config.</summary>
    public string Alias { get; init; } = "rj-demo";

    /// <summary>Extra sshd_config lines; see <see cref="SshdConfig.ExtraLines"/>.</summary>
    public IReadOnlyList<string> ExtraConfig { get; init; } = [];

    public string SshdPath { get; init; } = "/usr/sbin/sshd";

    /// <summary>Bounds both the start and every config reload.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
