using System.Net;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sources.Hub;

namespace RemoteJupyter.Core.Tests.Sources;

public sealed class HubClientHttpTests
{
    private const string Token = "3379c513b64c4433842f6ee39293ac16";
    private static readonly Uri Hub = new("http://127.0.0.1:8000/");

    [Fact]
    public async Task GetTokenInfo_UsesTheHeaderOnly_AndReadsExpiryThroughTheKnownTokenId()
    {
        using var stub = new HubStubHandler()
            .Answer("GET /hub/api/user", HttpStatusCode.OK, HubRecordings.Identity)
            .Answer("GET /hub/api/users/alice/tokens/a2", HttpStatusCode.OK, HubRecordings.TokenModel);
        using var client = new HubClient(Hub, Token, stub) { TokenId = "a2" };

        var info = await client.GetTokenInfoAsync(CancellationToken.None);

        Assert.Equal("alice", info.User);
        Assert.Equal(2026, info.ExpiresAt!.Value.Year);
        Assert.All(stub.Requests, r => Assert.Equal("token " + Token, r.Authorization));
        Assert.DoesNotContain(stub.Requests, r => r.Route.Contains(Token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.Unauthorized)]
    public async Task RefusedToken_IsHubTokenRejected_WithTheLoginCommand(HttpStatusCode status)
    {
        using var stub = new HubStubHandler().Answer("GET /hub/api/users/alice", status, """{"status": 403, "message": "Forbidden"}""");
        using var client = new HubClient(Hub, Token, stub);

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.GetUserAsync("alice", CancellationToken.None));

        Assert.Equal(ErrorCode.HubTokenRejected, ex.Code);
        Assert.Contains("remote-jupyter hub login http://127.0.0.1:8000/ --user NAME", ex.Message);
        Assert.DoesNotContain(Token, ex.Message);
    }

    [Fact]
    public async Task UnknownUser_IsHubServerNotFound()
    {
        using var stub = new HubStubHandler()
            .Answer("GET /hub/api/users/bob", HttpStatusCode.NotFound, """{"status": 404, "message": "No access to resources or resources not found"}""");
        using var client = new HubClient(Hub, Token, stub);

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.GetUserAsync("bob", CancellationToken.None));

        Assert.Equal(ErrorCode.HubServerNotFound, ex.Code);
    }

    [Fact]
    public async Task Start_WhenAlreadyRunning_ReturnsItWithoutASpawnRequest()
    {
        using var stub = new HubStubHandler().Answer("GET /hub/api/users/alice", HttpStatusCode.OK, HubRecordings.UserWithDefaultServer);
        using var client = new HubClient(Hub, Token, stub);

        var server = await client.StartServerAsync("alice", null, null, null, CancellationToken.None);

        Assert.Equal("http://127.0.0.1:8000/user/alice/", server.Url.AbsoluteUri);
        Assert.DoesNotContain(stub.Requests, r => r.Route.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_FollowsTheProgressStream_UntilFailed()
    {
        using var stub = new HubStubHandler()
            .Answer("GET /hub/api/users/alice", HttpStatusCode.OK, """{"name": "alice", "servers": {}}""")
            .Answer("POST /hub/api/users/alice/servers/bad", HttpStatusCode.Accepted, string.Empty, "text/plain")
            .Answer("GET /hub/api/users/alice/servers/bad/progress", HttpStatusCode.OK, HubRecordings.ProgressFailed, "text/event-stream");
        using var client = new HubClient(Hub, Token, stub);
        var seen = new List<HubProgress>();

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() =>
            client.StartServerAsync("alice", "bad", null, new SynchronousProgress<HubProgress>(seen.Add), CancellationToken.None));

        Assert.Equal(ErrorCode.HubSpawnFailed, ex.Code);
        Assert.Contains("asked to fail by the test", ex.Message);
        Assert.Equal([0, 50, 100], seen.Select(p => p.Percent));
    }

    [Fact]
    public async Task LoginAsync_WrongPassword_IsServerLoginFailed_AfterOneAttempt()
    {
        // The hub shows its login page again (200) for a wrong password; the token API is then not tried.
        using var stub = new HubStubHandler().Answer("POST /hub/login", HttpStatusCode.OK, "<html>Invalid username or password</html>", "text/html");

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() =>
            HubClient.LoginAsync(Hub, "alice", "pw-not-this", null, stub, CancellationToken.None));

        Assert.Equal(ErrorCode.ServerLoginFailed, ex.Code);
        Assert.DoesNotContain("pw-not-this", ex.Message);
        Assert.Single(stub.Requests);
    }

    [Theory]
    [InlineData("http://hub.example.org", "http://hub.example.org/")]
    [InlineData("http://hub.example.org/base", "http://hub.example.org/base/")]
    [InlineData("https://hub.example.org/base/hub/home", "https://hub.example.org/base/")]
    [InlineData("https://hub.example.org/hub/", "https://hub.example.org/")]
    public void HubUrl_IsNormalizedToTheRoot(string given, string root)
    {
        using var client = new HubClient(new Uri(given), Token);

        Assert.Equal(root, client.HubUrl.AbsoluteUri);
        Assert.Equal(root + "user/a@b/nb%201/", client.ServerUrl("a@b", "nb 1").AbsoluteUri);
        Assert.Equal(root + "user/a@b/", client.ServerUrl("a@b", null).AbsoluteUri);
    }

    [Theory]
    [InlineData("ftp://hub.example.org/")]
    [InlineData("http://hub.example.org/?token=abc")]
    [InlineData("http://me:pw@hub.example.org/")]
    public void BadHubUrl_IsInvalidServerUrl_WithoutEchoingIt(string given)
    {
        var ex = Assert.Throws<RemoteJupyterException>(() => new HubClient(new Uri(given), Token));

        Assert.Equal(ErrorCode.InvalidServerUrl, ex.Code);
        Assert.DoesNotContain("abc", ex.Message);
        Assert.DoesNotContain("pw", ex.Message);
    }
}
