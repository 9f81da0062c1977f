using RemoteJupyter.Core.Sources.Tls;
using RemoteJupyter.Core.Sources.Urls;

namespace RemoteJupyter.Core.Tests.Sources;

/// <summary>When an existing server is served through the local relay and when VS Code gets its URL itself.</summary>
public sealed class RelayDecisionTests
{
    private const string Fingerprint = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";

    private static readonly CertificateTrust SystemTrusted = new(Fingerprint, acceptedFingerprint: null);

    private static readonly CertificateTrust Pinned = new(Fingerprint, Fingerprint);

    [Fact]
    public void Https_trusted_by_the_system_and_reached_directly_needs_no_relay()
    {
        Assert.True(SystemTrusted.IsSystemTrusted);
        Assert.False(ExistingServerConnector.NeedsRelay(tls: true, SystemTrusted, dialled: false));
    }

    [Fact]
    public void A_pinned_certificate_keeps_the_relay()
    {
        Assert.False(Pinned.IsSystemTrusted);
        Assert.True(ExistingServerConnector.NeedsRelay(tls: true, Pinned, dialled: false));
    }

    [Fact]
    public void A_server_reached_through_an_ssh_host_keeps_the_relay_whatever_its_certificate()
    {
        Assert.True(ExistingServerConnector.NeedsRelay(tls: true, SystemTrusted, dialled: true));
        Assert.True(ExistingServerConnector.NeedsRelay(tls: false, trust: null, dialled: true));
    }

    [Fact]
    public void Plain_http_reached_directly_needs_no_relay()
    {
        Assert.False(ExistingServerConnector.NeedsRelay(tls: false, trust: null, dialled: false));
    }
}
