using System.Text.Json;
using System.Text.Json.Serialization;
using RemoteJupyter.IntegrationTests.Fixtures;
using RemoteJupyter.Sidecar.Rpc;
using StreamJsonRpc;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Sources;

/// <summary>
/// An https server whose certificate the system trusts (a CA, given to the sidecar process by SSL_CERT_FILE) is used
/// directly: no relay, so the server sees its own name in Host, as a name-based reverse proxy needs.
/// </summary>
public sealed class SystemTrustedTlsTests(CaTrustedJupyterFixture server, ITestOutputHelper output)
    : TestBase(output), IClassFixture<CaTrustedJupyterFixture>
{
    [Fact]
    public async Task Sources_add_gives_back_the_https_url_itself_and_logs_in_kernels_and_renews_through_it()
    {
        using var sidecar = SidecarProcess.StartWith(server.TrustingEnvironment, "--stdio");
        using var rpc = Client(sidecar);
        var pins = Path.Combine(server.TempDir, "rpc-" + Guid.NewGuid().ToString("N"), "known_certificates");

        var added = await rpc.InvokeWithParameterObjectAsync<UrlSourceResult>(
            "sources/add", new { url = server.BaseUrl.AbsoluteUri + "lab", password = server.Password, pinFile = pins }, TimeoutToken);
        Assert.Equal(server.BaseUrl.AbsoluteUri, added.LocalUrl);
        Assert.Equal("password", added.Auth);
        Assert.Contains("Cookie", added.Headers.Keys);
        Assert.False(File.Exists(pins), "a system-trusted certificate is not pinned");

        var kernels = await rpc.InvokeWithParameterObjectAsync<List<KernelSpecInfo>>(
            "sources/kernels", new { sourceId = added.SourceId }, TimeoutToken);
        Assert.Contains(kernels, k => k.Name == "python3");
        var renewed = await rpc.InvokeWithParameterObjectAsync<UrlSourceResult>(
            "sources/renew", new { sourceId = added.SourceId }, TimeoutToken);
        Assert.Equal(server.BaseUrl.AbsoluteUri, renewed.LocalUrl);

        AssertJupyterSawOnlyItsOwnName();
        Assert.DoesNotContain(server.Password, sidecar.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_url_prints_the_https_url_and_exits_without_a_relay_and_refuses_it_without_the_ca()
    {
        // Without the CA the same server is just self-signed-like: proof that SSL_CERT_FILE is what the sidecar trusts.
        var pins = Path.Combine(server.TempDir, "cli-" + Guid.NewGuid().ToString("N"), "known_certificates");
        using (var untrusted = await SidecarProcess.StartWithStdinAsync(server.Token, null, "connect", server.BaseUrl.AbsoluteUri, "--token-stdin", "--pin-file", pins))
        {
            await untrusted.Process.WaitForExitAsync(TimeoutToken);
            Assert.Equal(1, untrusted.Process.ExitCode);
            Assert.Contains("CertificateNotTrusted", untrusted.Stderr, StringComparison.Ordinal);
        }

        using var cli = await SidecarProcess.StartWithStdinAsync(server.Token, server.TrustingEnvironment, "connect", server.BaseUrl.AbsoluteUri + "tree", "--token-stdin", "--pin-file", pins);
        var stdout = await cli.Process.StandardOutput.ReadToEndAsync(TimeoutToken);
        await cli.Process.WaitForExitAsync(TimeoutToken);

        Assert.True(cli.Process.ExitCode == 0, $"exit {cli.Process.ExitCode}; stderr:\n{cli.Stderr}");
        Assert.Equal(server.BaseUrl.AbsoluteUri, stdout.TrimEnd().Split('\n')[^1]);
        Assert.Contains("directly: the system trusts its certificate", cli.Stderr, StringComparison.Ordinal);
        Assert.Contains("accepted the login", cli.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Relaying", cli.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Token, cli.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(pins));
        AssertJupyterSawOnlyItsOwnName();
    }

    /// <summary>A relay would have passed on <c>Host: 127.0.0.1:RELAYPORT</c>; every request must name the server.</summary>
    private void AssertJupyterSawOnlyItsOwnName()
    {
        var hosts = File.ReadAllLines(server.HostLogPath).Distinct().ToList();
        Assert.Equal([$"localhost:{server.Port}"], hosts);
    }

    private static JsonRpc Client(SidecarProcess sidecar)
    {
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        formatter.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        var client = new JsonRpc(new HeaderDelimitedMessageHandler(
            sidecar.Process.StandardInput.BaseStream, sidecar.Process.StandardOutput.BaseStream, formatter));
        client.StartListening();
        return client;
    }
}
