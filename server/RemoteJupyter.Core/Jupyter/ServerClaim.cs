using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Jupyter;

/// <summary>What <see cref="ServerClaimer"/> found: a running server to reattach to, or the right to start one.</summary>
public abstract record ServerClaim
{
    private ServerClaim()
    {
    }

    /// <summary>A live server for the same environment and working folder, with the token read back on the host.</summary>
    public sealed record Found(RemoteServer Server, JupyterToken Token) : ServerClaim;

    /// <summary>
    /// No such server: this client holds the host's start lock for that environment (<paramref name="LockPath"/>)
    /// until the launch script (or <see cref="ServerClaimer.ReleaseAsync"/>) removes it.
    /// </summary>
    public sealed record Acquired(string LockPath) : ServerClaim
    {
        /// <summary>What the claim's follow-up script printed (see <see cref="ServerClaimer.ClaimAsync(RemoteShell, ServerLayout, ServerClaimTarget, bool, string?, CancellationToken)"/>); null without one.</summary>
        public RemoteResult? FollowUp { get; init; }
    }
}
