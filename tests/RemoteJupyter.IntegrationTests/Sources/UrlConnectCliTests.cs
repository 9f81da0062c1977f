using System.Security.Cryptography.X509Certificates;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Sources.Tls;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Sources;

/// <summary><c>remote-jupyter connect URL</c> as people run it, with secrets on stdin.</summary>
public sealed class UrlConnectCliTests(PasswordJupyterFixture plain, TlsJupyterFixture tls, ITestOutputHelper output)
    : TestBase(output), IClassFixture<PasswordJupyterFixture>, IClassFixture<TlsJupyterFixture>
{
    [Fact]
    public async Task Connect_url_with_password_on_stdin_prints_the_url_and_exits()
    {
        using var cli = await SidecarProcess.StartWithStdinAsync(plain.Password, null, "connect", plain.BaseUrl.AbsoluteUri + "tree", "--password-stdin", "-vv");

        var stdout = await cli.Process.StandardOutput.ReadToEndAsync(TimeoutToken);
        await cli.Process.WaitForExitAsync(TimeoutToken);
        Assert.True(cli.Process.ExitCode == 0, $"exit {cli.Process.ExitCode}; stderr:\n{cli.Stderr}");
        Assert.Equal(plain.BaseUrl.AbsoluteUri, stdout.TrimEnd().Split('\n')[^1]);
        Assert.DoesNotContain(plain.Password, stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(plain.Password, cli.Stderr, StringComparison.Ordinal);
        Assert.Contains("Logging in", cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_on_stdin_is_tried_once_and_fails()
    {
        using var cli = await SidecarProcess.StartWithStdinAsync("wrong-" + plain.Password, null, "connect", plain.BaseUrl.AbsoluteUri, "--password-stdin");

        Assert.Equal(string.Empty, await cli.Process.StandardOutput.ReadToEndAsync(TimeoutToken));
        await cli.Process.WaitForExitAsync(TimeoutToken);
        Assert.Equal(1, cli.Process.ExitCode);
        Assert.Contains("ServerLoginFailed: The server refused the password", cli.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(plain.Password, cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_without_a_terminal_needs_the_fingerprint_then_relays_until_SIGTERM()
    {
        var pins = Path.Combine(tls.TempDir, "cli-" + Guid.NewGuid().ToString("N"), "known_certificates");
        string fingerprint;
        using (var cert = X509CertificateLoader.LoadCertificateFromFile(tls.CertificatePath(tls.CertificateName)))
        {
            fingerprint = CertificateFingerprint.Of(cert);
        }

        using (var refused = await SidecarProcess.StartWithStdinAsync(tls.Token, null, "connect", tls.BaseUrl.AbsoluteUri, "--token-stdin", "--pin-file", pins))
        {
            await refused.Process.WaitForExitAsync(TimeoutToken);
            Assert.Equal(1, refused.Process.ExitCode);
            Assert.Contains("CertificateNotTrusted", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("--accept-certificate " + fingerprint, refused.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(pins));
        }

        using var cli = await SidecarProcess.StartWithStdinAsync(tls.Token, null, "connect", tls.BaseUrl.AbsoluteUri, "--token-stdin", "--pin-file", pins, "--accept-certificate", fingerprint);
        var line = await cli.Process.StandardOutput.ReadLineAsync(TimeoutToken);
        Assert.True(line is not null, "no URL printed; stderr:\n" + cli.Stderr);
        var local = new Uri(line);
        Assert.Equal(("http", "127.0.0.1", "/rj-url/"), (local.Scheme, local.Host, local.AbsolutePath));
        Assert.Contains(fingerprint, await File.ReadAllTextAsync(pins, TimeoutToken), StringComparison.Ordinal);

        using (var client = new JupyterApiClient(local, tls.Token))
        {
            Assert.True((await client.GetStatusAsync(TimeoutToken)).Started < DateTimeOffset.UtcNow);
        }

        cli.Terminate();
        await cli.Process.WaitForExitAsync(TimeoutToken);
        Assert.Equal(0, cli.Process.ExitCode);
        Assert.DoesNotContain(tls.Token, cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_in_the_url_works_but_warns_that_argv_is_visible()
    {
        using var cli = SidecarProcess.Start("connect", plain.BaseUrl.AbsoluteUri + "?token=nonsense", "-q");
        cli.Process.StandardInput.Close();
        await cli.Process.WaitForExitAsync(TimeoutToken);

        // The password-only server refuses the token; what matters here is the warning and that the token stays hidden.
        Assert.Contains("visible to every user", cli.Stderr, StringComparison.Ordinal);
        Assert.Contains("refused the token", cli.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("nonsense", cli.Stderr, StringComparison.Ordinal);
    }
}
