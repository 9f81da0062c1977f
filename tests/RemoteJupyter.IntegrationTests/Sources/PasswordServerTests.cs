using System.Net;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Sources.Urls;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Sources;

/// <summary>A plain-http server started by hand with a hashed password in its config file.</summary>
public sealed class PasswordServerTests : TestBase, IClassFixture<PasswordJupyterFixture>
{
    private readonly PasswordJupyterFixture server;
    private readonly CapturedLogs logs = new();
    private readonly ExistingServerConnector connector;

    public PasswordServerTests(PasswordJupyterFixture server, ITestOutputHelper output)
        : base(output)
    {
        this.server = server;
        LoggerFactory.AddProvider(logs);
        connector = new ExistingServerConnector(LoggerFactory.CreateLogger<ExistingServerConnector>());
    }

    [Fact]
    public async Task Password_login_hands_out_cookie_headers_that_run_code()
    {
        var prompts = new RecordingCertificatePrompts(accept: false);
        await using var session = await connector.ConnectAsync(
            new ExistingServerRequest(server.BaseUrl.AbsoluteUri + "lab/tree", null, server.Password), prompts, null, TimeoutToken);

        Assert.Equal(ServerAuthKind.Password, session.Auth);
        Assert.Equal(server.BaseUrl, session.LocalBaseUrl);
        Assert.False(session.UsesRelay);
        Assert.Null(session.CertificateFingerprint);
        Assert.Empty(prompts.Questions);
        Assert.Contains("username-", session.Headers["Cookie"], StringComparison.Ordinal);
        Assert.Contains("_xsrf=", session.Headers["Cookie"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(session.Headers["X-XSRFToken"]));
        Assert.False(session.Headers.ContainsKey("Authorization"));

        using var client = session.CreateClient();
        Assert.Equal("2", await KernelCheck.RunAsync(client, "1+1", TimeoutToken));
        AssertNoSecretLogged(session.Headers.Values.Append(server.Password));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_clear_message()
    {
        var wrong = "not-" + server.Password;
        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => connector.ConnectAsync(
            new ExistingServerRequest(server.BaseUrl.AbsoluteUri, null, wrong), new RecordingCertificatePrompts(false), null, TimeoutToken));

        Assert.Equal(ErrorCode.ServerLoginFailed, ex.Code);
        Assert.StartsWith("The server refused the password", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, ex.Message, StringComparison.Ordinal);
        AssertNoSecretLogged([wrong]);
    }

    [Fact]
    public async Task Renew_logs_in_again_once_the_server_no_longer_accepts_the_cookie()
    {
        await using var session = await connector.ConnectAsync(
            new ExistingServerRequest(server.BaseUrl.AbsoluteUri, null, server.Password), new RecordingCertificatePrompts(false), null, TimeoutToken);
        var old = session.Headers;
        Assert.Same(old, await session.RenewAsync(TimeoutToken));

        // A new cookie secret makes every cookie handed out so far worthless, as an expiry would.
        await server.RestartAsync(forgetCookies: true);
        using (var stale = new HttpClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(session.LocalBaseUrl, "api/status"));
            foreach (var (name, value) in old)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var refused = await stale.SendAsync(request, TimeoutToken);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var renewed = await session.RenewAsync(TimeoutToken);
        Assert.NotEqual(old["Cookie"], renewed["Cookie"]);
        Assert.Same(renewed, session.Headers);
        using var client = session.CreateClient();
        Assert.Equal("2", await KernelCheck.RunAsync(client, "1+1", TimeoutToken));
        AssertNoSecretLogged(renewed.Values.Concat(old.Values).Append(server.Password));
    }

    [Fact]
    public async Task No_credentials_for_a_protected_server_is_a_login_failure()
    {
        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => connector.ConnectAsync(
            new ExistingServerRequest(server.BaseUrl.AbsoluteUri, null, null), new RecordingCertificatePrompts(false), null, TimeoutToken));
        Assert.Equal(ErrorCode.ServerLoginFailed, ex.Code);
        Assert.Contains("requires a token or a password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dial_reaches_the_server_through_another_address_via_the_relay()
    {
        // The URL's host does not even resolve: everything must go to the dial address (as through an SSH tunnel).
        var url = $"http://jupyter.invalid:{server.Port}{server.BaseUrl.AbsolutePath}";
        var request = new ExistingServerRequest(url, null, server.Password) { Dial = new DnsEndPoint("127.0.0.1", server.Port) };
        await using var session = await connector.ConnectAsync(request, new RecordingCertificatePrompts(false), null, TimeoutToken);

        Assert.True(session.UsesRelay);
        Assert.Equal("127.0.0.1", session.LocalBaseUrl.Host);
        Assert.NotEqual(server.Port, session.LocalBaseUrl.Port);
        Assert.Equal(server.BaseUrl.AbsolutePath, session.LocalBaseUrl.AbsolutePath);
        using var client = session.CreateClient();
        Assert.Equal("2", await KernelCheck.RunAsync(client, "1+1", TimeoutToken));
    }

    [Fact]
    public async Task A_wrong_base_path_is_named_as_such()
    {
        var url = new Uri(server.BaseUrl, "/elsewhere/").AbsoluteUri;
        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => connector.ConnectAsync(
            new ExistingServerRequest(url, null, null), new RecordingCertificatePrompts(false), null, TimeoutToken));
        Assert.Equal(ErrorCode.InvalidServerUrl, ex.Code);
        Assert.Contains("base path", ex.Message, StringComparison.Ordinal);

        var login = await Assert.ThrowsAsync<RemoteJupyterException>(() => connector.ConnectAsync(
            new ExistingServerRequest(url, null, server.Password), new RecordingCertificatePrompts(false), null, TimeoutToken));
        Assert.Equal(ErrorCode.ServerLoginFailed, login.Code);
        Assert.Contains("no login page", login.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dial_address_that_refuses_is_reported_with_its_address()
    {
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var request = new ExistingServerRequest(server.BaseUrl.AbsoluteUri, null, server.Password) { Dial = new DnsEndPoint("127.0.0.1", port) };
        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => connector.ConnectAsync(request, new RecordingCertificatePrompts(false), null, TimeoutToken));
        Assert.Equal(ErrorCode.ServerUnreachable, ex.Code);
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_is_unreachable_quickly()
    {
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => connector.ConnectAsync(
            new ExistingServerRequest($"http://127.0.0.1:{port}/", "some-token", null), new RecordingCertificatePrompts(false), null, TimeoutToken));
        Assert.Equal(ErrorCode.ServerUnreachable, ex.Code);
        Assert.DoesNotContain("some-token", ex.ToString(), StringComparison.Ordinal);
    }

    private void AssertNoSecretLogged(IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }
}
