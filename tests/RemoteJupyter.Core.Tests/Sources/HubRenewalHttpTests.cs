using System.Net;
using RemoteJupyter.Core.Sources.Hub;

namespace RemoteJupyter.Core.Tests.Sources;

/// <summary>Renewal revokes the replaced token: which id it uses, with which token, and that failing to revoke costs nothing.</summary>
public sealed class HubRenewalHttpTests
{
    private const string OldToken = "3379c513b64c4433842f6ee39293ac16";
    private const string NewToken = "9f1d0c2b7a6e4d5c8b3a2f1e0d9c8b7a";
    private static readonly Uri Hub = new("http://127.0.0.1:8000/");

    // What POST /hub/api/users/alice/tokens answers (the secret is only ever in this answer).
    private const string Created = $$"""{"user": "alice", "id": "a7", "token": "{{NewToken}}", "expires_at": "2026-12-23T20:04:03.543382Z", "note": "Remote Jupyter"}""";

    // GET /hub/api/user on hubs from 5.0: the identity names the token making the request.
    private const string IdentityNamingToken = """{"name": "alice", "kind": "user", "scopes": ["tokens!user=alice"], "token_id": "a2"}""";

    [Fact]
    public async Task Renew_RevokesTheTokenTheHubNames_WithTheNewToken()
    {
        using var stub = new HubStubHandler()
            .Answer("POST /hub/api/users/alice/tokens", HttpStatusCode.Created, Created)
            .Answer("GET /hub/api/user", HttpStatusCode.OK, IdentityNamingToken)
            .Answer("DELETE /hub/api/users/alice/tokens/a2", HttpStatusCode.NoContent);
        // A stale id from the caller loses to the hub's own word.
        using var client = new HubClient(Hub, OldToken, stub) { TokenId = "a1" };

        var renewed = await client.RenewTokenAsync("alice", TimeSpan.FromDays(30), CancellationToken.None);

        Assert.Equal((NewToken, "a7"), (renewed.Token, renewed.Id));
        var delete = Assert.Single(stub.Requests, r => r.Route.StartsWith("DELETE", StringComparison.Ordinal));
        Assert.Equal(("DELETE /hub/api/users/alice/tokens/a2", "token " + NewToken), (delete.Route, delete.Authorization));
    }

    [Fact]
    public async Task Renew_OnAHubThatDoesNotNameTokens_RevokesTheGivenId()
    {
        using var stub = new HubStubHandler()
            .Answer("POST /hub/api/users/alice/tokens", HttpStatusCode.Created, Created)
            .Answer("GET /hub/api/user", HttpStatusCode.OK, HubRecordings.Identity)
            .Answer("DELETE /hub/api/users/alice/tokens/a2", HttpStatusCode.NoContent);
        using var client = new HubClient(Hub, OldToken, stub) { TokenId = "a2" };

        await client.RenewTokenAsync("alice", null, CancellationToken.None);

        Assert.Contains(stub.Requests, r => r.Route == "DELETE /hub/api/users/alice/tokens/a2");
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task Renew_WhenRevokingFails_StillReturnsTheNewToken(HttpStatusCode status)
    {
        using var stub = new HubStubHandler()
            .Answer("POST /hub/api/users/alice/tokens", HttpStatusCode.Created, Created)
            .Answer("GET /hub/api/user", HttpStatusCode.OK, IdentityNamingToken)
            .Answer("DELETE /hub/api/users/alice/tokens/a2", status, """{"status": 500, "message": "nope"}""");
        using var client = new HubClient(Hub, OldToken, stub);

        var renewed = await client.RenewTokenAsync("alice", null, CancellationToken.None);

        Assert.Equal(NewToken, renewed.Token);
    }

    [Fact]
    public async Task Renew_WithoutAnyId_RevokesNothing()
    {
        using var stub = new HubStubHandler()
            .Answer("POST /hub/api/users/alice/tokens", HttpStatusCode.Created, Created)
            .Answer("GET /hub/api/user", HttpStatusCode.OK, HubRecordings.Identity);
        using var client = new HubClient(Hub, OldToken, stub);

        var renewed = await client.RenewTokenAsync("alice", null, CancellationToken.None);

        Assert.Equal(NewToken, renewed.Token);
        Assert.DoesNotContain(stub.Requests, r => r.Route.StartsWith("DELETE", StringComparison.Ordinal));
    }
}
