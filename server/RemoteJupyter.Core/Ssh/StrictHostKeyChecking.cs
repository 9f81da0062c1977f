namespace RemoteJupyter.Core.Ssh;

/// <summary>The ssh_config <c>StrictHostKeyChecking</c> setting.</summary>
public enum StrictHostKeyChecking
{
    /// <summary><c>ask</c>, the default: unknown keys are shown to the person, changed keys refused.</summary>
    Ask,

    /// <summary><c>yes</c>: unknown and changed keys are refused.</summary>
    Yes,

    /// <summary><c>no</c> or <c>off</c>: OpenSSH adds unknown keys and connects despite some changes.</summary>
    No,

    /// <summary><c>accept-new</c>: unknown keys are added, changed keys refused.</summary>
    AcceptNew,
}
