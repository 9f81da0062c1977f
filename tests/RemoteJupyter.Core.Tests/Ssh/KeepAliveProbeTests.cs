using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tests.Ssh;

public sealed class KeepAliveProbeTests
{
    /// <summary>
    /// The probe reaches into SSH.NET internals (the session and its send method); an SSH.NET upgrade that renames
    /// them would silently turn liveness checks off, so it fails here first.
    /// </summary>
    [Fact]
    public void This_SSH_NET_exposes_what_the_probe_needs() => Assert.True(KeepAliveProbe.IsSupported);
}
