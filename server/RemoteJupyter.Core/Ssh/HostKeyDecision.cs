namespace RemoteJupyter.Core.Ssh;

/// <summary>What the person decided about an unknown host key.</summary>
public enum HostKeyDecision
{
    /// <summary>Do not connect.</summary>
    Reject,

    /// <summary>Trust it for this connection only.</summary>
    AcceptOnce,

    /// <summary>Trust it and add it to known_hosts.</summary>
    AcceptAndRemember,
}
