using System.Text;

namespace RemoteJupyter.Sidecar.Demo;

/// <summary>
/// The sshd_config of a <see cref="ThrowawaySshHost"/>. Tests derive variants with <c>with</c> and
/// apply them through <see cref="ThrowawaySshHost.ApplyConfigAsync"/>.
/// </summary>
public sealed record SshdConfig
{
    public required int Port { get; init; }

    public string ListenAddress { get; init; } = "127.0.0.1";

    public required string HostKeyPath { get; init; }

    /// <summary>Absolute, so it does not depend on the login user's home.</summary>
    public required string AuthorizedKeysFile { get; init; }

    public required string PidFile { get; init; }

    /// <summary>Off: PAM needs root and a PAM stack for "sshd"; key login works without it.</summary>
    public bool UsePam { get; init; }

    /// <summary>Off: the key files live under /tmp, which StrictModes rejects as world-writable.</summary>
    public bool StrictModes { get; init; }

    public bool PasswordAuthentication { get; init; }

    public bool KbdInteractiveAuthentication { get; init; }

    public string PermitRootLogin { get; init; } = "prohibit-password";

    public string LogLevel { get; init; } = "VERBOSE";

    /// <summary>The sftp subsystem command; null leaves sftp unavailable.</summary>
    public string? SftpSubsystem { get; init; } = "internal-sftp";

    /// <summary>
    /// Value for PerSourcePenalties (OpenSSH 9.8+), or null to omit the keyword, which older sshd rejects.
    /// Tests fail logins on purpose; penalties would then refuse the next, legitimate, connection.
    /// </summary>
    public string? PerSourcePenalties { get; init; }

    /// <summary>
    /// Further sshd_config lines. Lines before the first "Match" are written ahead of the typed options,
    /// because sshd keeps the first value it reads for most keywords; "Match" blocks go last, as sshd requires.
    /// </summary>
    public IReadOnlyList<string> ExtraLines { get; init; } = [];

    /// <summary>The sshd_config text.</summary>
    public string Render()
    {
        var global = ExtraLines.TakeWhile(line => !IsMatch(line)).ToList();
        var text = new StringBuilder();
        text.Append("# Written by Remote Jupyter's throwaway SSH host.\n");
        foreach (var line in global)
        {
            text.Append(line).Append('\n');
        }

        Add(text, "Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(text, "ListenAddress", ListenAddress);
        Add(text, "HostKey", Quote(HostKeyPath));
        Add(text, "AuthorizedKeysFile", Quote(AuthorizedKeysFile));
        Add(text, "PidFile", Quote(PidFile));
        Add(text, "UsePAM", YesNo(UsePam));
        Add(text, "StrictModes", YesNo(StrictModes));
        Add(text, "PasswordAuthentication", YesNo(PasswordAuthentication));
        Add(text, "KbdInteractiveAuthentication", YesNo(KbdInteractiveAuthentication));
        Add(text, "PermitRootLogin", PermitRootLogin);
        Add(text, "LogLevel", LogLevel);
        if (PerSourcePenalties is not null)
        {
            Add(text, "PerSourcePenalties", PerSourcePenalties);
        }

        if (SftpSubsystem is not null)
        {
            Add(text, "Subsystem", "sftp " + SftpSubsystem);
        }

        foreach (var line in ExtraLines.Skip(global.Count))
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Quotes a path for sshd_config or ssh_config when it would otherwise split at whitespace.</summary>
    internal static string Quote(string path) => path.Any(char.IsWhiteSpace) ? $"\"{path}\"" : path;

    private static void Add(StringBuilder text, string keyword, string value) =>
        text.Append(keyword).Append(' ').Append(value).Append('\n');

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static bool IsMatch(string line) =>
        line.TrimStart().Split((char[]?)null, 2)[0].Equals("Match", StringComparison.OrdinalIgnoreCase);
}
