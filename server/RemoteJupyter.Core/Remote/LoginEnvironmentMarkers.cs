using System.Security.Cryptography;

namespace RemoteJupyter.Core.Remote;

/// <summary>The random lines that frame each part of one login-environment capture.</summary>
internal sealed class LoginEnvironmentMarkers
{
    private LoginEnvironmentMarkers(string token)
    {
        PlainStart = token + "_PLAIN__";
        PlainEnd = token + "_PLAIN_END__";
        LoginStart = token + "_LOGIN__";
        LoginEnd = token + "_LOGIN_END__";
        Shell = token + "_SHELL__";
    }

    /// <summary>Frames sshd's own environment, the baseline the login shell's is compared with.</summary>
    public string PlainStart { get; }

    public string PlainEnd { get; }

    /// <summary>Frames the login shell's environment, printed after its rc files ran.</summary>
    public string LoginStart { get; }

    public string LoginEnd { get; }

    /// <summary>Starts the line naming the login shell.</summary>
    public string Shell { get; }

    public static LoginEnvironmentMarkers Create() =>
        new("__RJENV_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
}
