using System.Text.Json;
using RemoteJupyter.Core.Sources.Hub;

namespace RemoteJupyter.Core.Tests.Sources;

public sealed class HubJsonTests
{
    private static readonly Uri Hub = new("http://127.0.0.1:8000/base/");

    [Fact]
    public void Token_ReadsSecretIdAndExpiry_AndNeverPrintsTheSecret()
    {
        var token = HubJson.Token(Parse(HubRecordings.Token));

        Assert.Equal("3379c513b64c4433842f6ee39293ac16", token.Token);
        Assert.Equal("a2", token.Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 21, 4, 3, TimeSpan.Zero).AddTicks(5433820), token.ExpiresAt);
        Assert.DoesNotContain(token.Token, token.ToString());
        Assert.DoesNotContain(token.Token, $"{token}");
        Assert.Contains("a2", token.ToString());
    }

    [Fact]
    public void Identity_ReadsUserAndSortedScopes_WithoutTokenIdOn30()
    {
        var (user, scopes, tokenId) = HubJson.Identity(Parse(HubRecordings.Identity));

        Assert.Equal("alice", user);
        Assert.Contains("servers!user=alice", scopes);
        Assert.Equal(scopes.Order(StringComparer.Ordinal), scopes);
        Assert.Null(tokenId);
    }

    [Fact]
    public void TokenExpiry_ReadsTheTokenModel() =>
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 21, 4, 3, TimeSpan.Zero).AddTicks(5433820), HubJson.TokenExpiry(Parse(HubRecordings.TokenModel)));

    [Fact]
    public void User_DefaultServer_HasAbsoluteUrlUnderTheBasePath()
    {
        var user = HubJson.User(Parse(HubRecordings.UserWithDefaultServer.Replace("/user/alice/", "/base/user/alice/", StringComparison.Ordinal)), Hub);

        var server = Assert.Single(user.Servers);
        Assert.Equal(string.Empty, server.Name);
        Assert.True(server.Ready);
        Assert.Null(server.Pending);
        Assert.Equal("http://127.0.0.1:8000/base/user/alice/", server.Url.AbsoluteUri);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 20, 4, 8, TimeSpan.Zero).AddTicks(6147310), server.Started);
    }

    [Fact]
    public void User_NamedServers_AreSortedWithPendingState()
    {
        var user = HubJson.User(Parse(HubRecordings.UserWithNamedServers), new Uri("http://127.0.0.1:8000/"));

        Assert.Equal(["nb1", "slow"], user.Servers.Select(s => s.Name));
        Assert.True(user.Servers[0].Ready);
        Assert.Equal("spawn", user.Servers[1].Pending);
        Assert.False(user.Servers[1].Ready);
        Assert.Equal("http://127.0.0.1:8000/user/alice/slow/", user.Servers[1].Url.AbsoluteUri);
    }

    [Fact]
    public void User_WithoutUrl_FallsBackToTheProxyRoute()
    {
        var user = HubJson.User(Parse("""{"name": "a@b", "servers": {"x y": {"name": "x y", "ready": false}}}"""), Hub);

        Assert.Equal("http://127.0.0.1:8000/base/user/a@b/x%20y/", Assert.Single(user.Servers).Url.AbsoluteUri);
    }

    [Fact]
    public void Progress_ClampsAndReadsFlags()
    {
        Assert.Equal(new HubProgress(100, "Spawn failed: x", false, true), HubJson.Progress("""{"progress": 120, "failed": true, "message": "Spawn failed: x"}"""u8));
        Assert.Equal(new HubProgress(0, string.Empty, false, false), HubJson.Progress("{}"u8));
    }

    private static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
