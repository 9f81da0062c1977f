using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Sources.Hub;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Sources;

/// <summary>Tokens against a real hub: password login, what a token says about itself, renewal, revocation, expiry.</summary>
[Collection("jupyterhub")]
public sealed class HubLoginTests(JupyterHubFixture hub, ITestOutputHelper output) : TestBase(output)
{
    [Fact]
    public async Task Password_login_gives_a_token_that_knows_its_user_scopes_and_expiry()
    {
        var user = hub.NewUser();
        Output.WriteLine($"hub started in {hub.StartDuration.TotalMilliseconds:0} ms");

        var token = await HubClient.LoginAsync(hub.HubUrl, user, hub.Password, TimeSpan.FromHours(1), null, TimeoutToken);

        Assert.DoesNotContain(token.Token, token.ToString());
        Assert.InRange(token.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(65));
        using var client = new HubClient(hub.HubUrl, token.Token) { TokenId = token.Id };
        var info = await client.GetTokenInfoAsync(TimeoutToken);
        Assert.Equal(user, info.User);
        Assert.Equal(token.ExpiresAt, info.ExpiresAt);
        Assert.Contains($"servers!user={user}", info.Scopes);
    }

    [Fact]
    public async Task Wrong_password_is_ServerLoginFailed()
    {
        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() =>
            HubClient.LoginAsync(hub.HubUrl, hub.NewUser(), "not-the-password", null, null, TimeoutToken));

        Assert.Equal(ErrorCode.ServerLoginFailed, ex.Code);
        Assert.DoesNotContain("not-the-password", ex.Message);
    }

    [Fact]
    public async Task Renewed_token_works_and_has_the_new_expiry()
    {
        var user = hub.NewUser();
        var first = await HubClient.LoginAsync(hub.HubUrl, user, hub.Password, TimeSpan.FromMinutes(5), null, TimeoutToken);
        using var client = new HubClient(hub.HubUrl, first.Token);

        var renewed = await client.RenewTokenAsync(user, TimeSpan.FromHours(2), TimeoutToken);

        Assert.NotEqual(first.Token, renewed.Token);
        Assert.InRange(renewed.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(115), DateTimeOffset.UtcNow.AddMinutes(125));
        using var second = new HubClient(hub.HubUrl, renewed.Token);
        Assert.Equal(user, (await second.GetUserAsync(user, TimeoutToken)).Name);
    }

    [Fact]
    public async Task Renewal_with_the_old_tokens_id_revokes_it()
    {
        var user = hub.NewUser();
        var (logs, factory) = CapturingLoggerFactory();
        using var _ = factory;
        var first = await HubClient.LoginAsync(hub.HubUrl, user, hub.Password, TimeSpan.FromMinutes(5), null, TimeoutToken);
        using var client = new HubClient(hub.HubUrl, first.Token) { TokenId = first.Id, Logger = factory.CreateLogger<HubClient>() };

        var renewed = await client.RenewTokenAsync(user, TimeSpan.FromHours(2), TimeoutToken);

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.GetUserAsync(user, TimeoutToken));
        Assert.Equal(ErrorCode.HubTokenRejected, ex.Code);
        using var second = new HubClient(hub.HubUrl, renewed.Token);
        Assert.Equal(user, (await second.GetUserAsync(user, TimeoutToken)).Name);
        Assert.Contains(logs.Lines, l => l.Contains($"Revoked the replaced hub token {first.Id}", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(first.Token, StringComparison.Ordinal) || l.Contains(renewed.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Renewal_without_an_id_on_a_hub_that_does_not_name_tokens_works_and_logs_that_it_could_not_revoke()
    {
        var user = hub.NewUser();
        var (logs, factory) = CapturingLoggerFactory();
        using var _ = factory;
        var first = await HubClient.LoginAsync(hub.HubUrl, user, hub.Password, TimeSpan.FromMinutes(5), null, TimeoutToken);
        using var client = new HubClient(hub.HubUrl, first.Token) { Logger = factory.CreateLogger<HubClient>() };

        var renewed = await client.RenewTokenAsync(user, TimeSpan.FromHours(2), TimeoutToken);

        using var second = new HubClient(hub.HubUrl, renewed.Token);
        Assert.Equal(user, (await second.GetUserAsync(user, TimeoutToken)).Name);
        // JupyterHub 3.0 does not name the token in /hub/api/user, so the old one is left to expire.
        Assert.Equal(user, (await client.GetUserAsync(user, TimeoutToken)).Name);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Could not revoke the replaced hub token", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(first.Token, StringComparison.Ordinal) || l.Contains(renewed.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revoked_token_is_HubTokenRejected_and_a_new_login_works()
    {
        var user = hub.NewUser();
        var token = await HubClient.LoginAsync(hub.HubUrl, user, hub.Password, null, null, TimeoutToken);
        using (var revoke = await hub.AdminAsync(HttpMethod.Delete, $"users/{user}/tokens/{token.Id}", TimeoutToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var client = new HubClient(hub.HubUrl, token.Token);
        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.GetUserAsync(user, TimeoutToken));

        Assert.Equal(ErrorCode.HubTokenRejected, ex.Code);
        Assert.Contains("remote-jupyter hub login", ex.Message);
        Assert.DoesNotContain(token.Token, ex.ToString());
        var again = await HubClient.LoginAsync(hub.HubUrl, user, hub.Password, null, null, TimeoutToken);
        using var renewed = new HubClient(hub.HubUrl, again.Token);
        Assert.Equal(user, (await renewed.GetTokenInfoAsync(TimeoutToken)).User);
    }

    [Fact]
    public async Task Expired_token_is_HubTokenRejected()
    {
        var user = hub.NewUser();
        var token = await HubClient.LoginAsync(hub.HubUrl, user, hub.Password, TimeSpan.FromSeconds(1), null, TimeoutToken);
        using var client = new HubClient(hub.HubUrl, token.Token);

        // The hub compares expires_at with its clock at whole-request granularity; a little past the second is enough.
        await Task.Delay(TimeSpan.FromSeconds(1.5), TimeoutToken);
        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.GetTokenInfoAsync(TimeoutToken));

        Assert.Equal(ErrorCode.HubTokenRejected, ex.Code);
    }

    [Fact]
    public async Task Hub_down_is_ServerUnreachable_within_seconds()
    {
        var nobody = new Uri($"http://127.0.0.1:{JupyterHubFixture.FreeLoopbackPort()}/");
        var clock = Stopwatch.StartNew();

        var login = await Assert.ThrowsAsync<RemoteJupyterException>(() => HubClient.LoginAsync(nobody, "alice", "pw", null, null, TimeoutToken));
        using var client = new HubClient(nobody, "some-token");
        var list = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.GetUserAsync("alice", TimeoutToken));

        Assert.Equal((ErrorCode.ServerUnreachable, ErrorCode.ServerUnreachable), (login.Code, list.Code));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains(nobody.ToString(), list.Message);
    }

    private (CapturedLogs Logs, ILoggerFactory Factory) CapturingLoggerFactory()
    {
        var logs = new CapturedLogs();
        var factory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(new XunitLoggerProvider(Output))
            .AddProvider(logs));
        return (logs, factory);
    }
}
