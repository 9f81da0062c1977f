using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Sources.Tls;
using RemoteJupyter.Core.Sources.Urls;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Sources;

/// <summary>An https server with a self-signed certificate: prompts, pins, a changed certificate, and the relay.</summary>
public sealed partial class TlsServerTests : TestBase, IClassFixture<TlsJupyterFixture>
{
    private readonly TlsJupyterFixture server;
    private readonly CapturedLogs logs = new();
    private readonly ExistingServerConnector connector;
    private readonly string pinFile;

    public TlsServerTests(TlsJupyterFixture server, ITestOutputHelper output)
        : base(output)
    {
        this.server = server;
        LoggerFactory.AddProvider(logs);
        connector = new ExistingServerConnector(LoggerFactory.CreateLogger<ExistingServerConnector>());
        pinFile = Path.Combine(server.TempDir, "pins-" + Guid.NewGuid().ToString("N"), "known_certificates");
    }

    private string Key => $"127.0.0.1:{server.Port}";

    [Fact]
    public async Task An_unknown_certificate_is_asked_about_once_then_pinned_and_trusted_silently()
    {
        var expected = Fingerprint("a");
        var prompts = new RecordingCertificatePrompts(accept: true);
        await using (var first = await ConnectAsync(prompts, password: server.Password))
        {
            var question = Assert.Single(prompts.Questions);
            Assert.Equal(("127.0.0.1", server.Port, expected, pinFile), (question.Host, question.Port, question.FingerprintSha256, question.PinFile));
            Assert.Contains("CN=127.0.0.1", question.Subject, StringComparison.Ordinal);
            Assert.Equal(question.Subject, question.Issuer);
            Assert.Contains("self-signed", question.Problem, StringComparison.Ordinal);
            Assert.True(question.NotAfter > DateTimeOffset.UtcNow);
            Assert.Equal(expected, first.CertificateFingerprint);
            Assert.Equal([$"{Key} {expected}"], await File.ReadAllLinesAsync(pinFile, TimeoutToken));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pinFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(pinFile)!));
        }

        var silent = new RecordingCertificatePrompts(accept: false);
        await using var second = await ConnectAsync(silent, password: server.Password);
        Assert.Empty(silent.Questions);
        Assert.Equal(expected, second.CertificateFingerprint);
    }

    [Fact]
    public async Task A_declined_certificate_is_not_trusted_and_nothing_is_pinned()
    {
        var prompts = new RecordingCertificatePrompts(accept: false);
        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => ConnectAsync(prompts, password: server.Password));

        Assert.Equal(ErrorCode.CertificateNotTrusted, ex.Code);
        Assert.Contains(Fingerprint("a"), ex.Message, StringComparison.Ordinal);
        Assert.Single(prompts.Questions);
        Assert.False(File.Exists(pinFile));
    }

    [Fact]
    public async Task A_server_restarted_with_another_certificate_is_refused_as_changed()
    {
        await using (await ConnectAsync(new RecordingCertificatePrompts(accept: true), password: server.Password))
        {
        }

        await server.RestartAsync("b");
        try
        {
            var prompts = new RecordingCertificatePrompts(accept: true);
            var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => ConnectAsync(prompts, password: server.Password));

            Assert.Equal(ErrorCode.CertificateChanged, ex.Code);
            Assert.Empty(prompts.Questions);
            Assert.Contains(Fingerprint("b"), ex.Message, StringComparison.Ordinal);
            Assert.Contains($"remove line 1 of {pinFile}", ex.Message, StringComparison.Ordinal);
            Assert.Equal([$"{Key} {Fingerprint("a")}"], await File.ReadAllLinesAsync(pinFile, TimeoutToken));
        }
        finally
        {
            await server.RestartAsync("a");
        }
    }

    [Fact]
    public async Task An_outside_client_runs_code_through_the_relay_with_the_session_headers()
    {
        await using var session = await ConnectAsync(new RecordingCertificatePrompts(accept: true), password: server.Password);
        Assert.True(session.UsesRelay);
        Assert.Equal(Uri.UriSchemeHttp, session.LocalBaseUrl.Scheme);
        Assert.Equal("127.0.0.1", session.LocalBaseUrl.Host);
        Assert.Equal("/rj-url/", session.LocalBaseUrl.AbsolutePath);

        // Not our session code: a plain HttpClient with nothing but the URL and headers VS Code would get.
        using (var http = new HttpClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(session.LocalBaseUrl, "api/kernelspecs"));
            foreach (var (name, value) in session.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await http.SendAsync(request, TimeoutToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("python3", await response.Content.ReadAsStringAsync(TimeoutToken), StringComparison.Ordinal);
        }

        using var client = new JupyterApiClient(session.LocalBaseUrl, session.Headers);
        Assert.Equal("42", await KernelCheck.RunAsync(client, "print(6*7)", TimeoutToken));
    }

    [Fact]
    public async Task A_token_works_through_the_relay_and_a_wrong_one_is_refused()
    {
        await using (var session = await ConnectAsync(new RecordingCertificatePrompts(accept: true), token: server.Token))
        {
            Assert.Equal(ServerAuthKind.Token, session.Auth);
            Assert.Equal(new Dictionary<string, string> { ["Authorization"] = "token " + server.Token }, session.Headers);
            using var client = session.CreateClient();
            Assert.Equal("2", await KernelCheck.RunAsync(client, "1+1", TimeoutToken));
        }

        // The token pasted in the URL works too, and stays out of everything shown.
        await using (var pasted = await connector.ConnectAsync(
            new ExistingServerRequest(server.BaseUrl.AbsoluteUri + "lab?token=" + server.Token, null, null) { PinFile = pinFile },
            new RecordingCertificatePrompts(accept: false), null, TimeoutToken))
        {
            Assert.Equal(ServerAuthKind.Token, pasted.Auth);
            Assert.DoesNotContain(server.Token, pasted.Address.Display, StringComparison.Ordinal);
            Assert.DoesNotContain(server.Token, pasted.LocalBaseUrl.AbsoluteUri, StringComparison.Ordinal);
        }

        var wrong = Guid.NewGuid().ToString("N");
        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => ConnectAsync(new RecordingCertificatePrompts(accept: false), token: wrong));
        Assert.Equal(ErrorCode.ServerLoginFailed, ex.Code);
        Assert.Contains("refused the token", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(server.Token, StringComparison.Ordinal) || l.Contains(wrong, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disposing_the_session_stops_the_relay()
    {
        var session = await ConnectAsync(new RecordingCertificatePrompts(accept: true), token: server.Token);
        var local = session.LocalBaseUrl;
        await session.DisposeAsync();

        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(local, "api/status"), TimeoutToken));
    }

    private Task<ExistingServerSession> ConnectAsync(ICertificatePrompts prompts, string? password = null, string? token = null) =>
        connector.ConnectAsync(
            new ExistingServerRequest(server.BaseUrl.AbsoluteUri, token, password) { PinFile = pinFile }, prompts, null, TimeoutToken);

    private string Fingerprint(string certificate)
    {
        using var cert = X509CertificateLoader.LoadCertificateFromFile(server.CertificatePath(certificate));
        return CertificateFingerprint.Of(cert);
    }
}
