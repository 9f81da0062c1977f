using System.Diagnostics;
using System.Text.Json;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sources.Hub;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Sources;

/// <summary>Servers on a real hub: start with progress, list, run code through the proxy, stop; named servers; failures.</summary>
[Collection("jupyterhub")]
public sealed class HubServerTests(JupyterHubFixture hub, ITestOutputHelper output) : TestBase(output)
{
    [Fact]
    public async Task Default_server_starts_with_progress_runs_code_and_stops()
    {
        var (user, token, client) = await LoginAsync();
        using var _ = client;
        var seen = new List<HubProgress>();
        var clock = Stopwatch.StartNew();

        var server = await client.StartServerAsync(user, null, null, new SynchronousProgress<HubProgress>(seen.Add), TimeoutToken);

        Output.WriteLine($"spawn took {clock.ElapsedMilliseconds} ms; progress: {string.Join(" | ", seen)}");
        Assert.True(seen.Count >= 2, hub.Log);
        Assert.Equal(seen.Select(p => p.Percent).Order(), seen.Select(p => p.Percent));
        Assert.True(seen[^1].Ready);
        Assert.Equal(client.ServerUrl(user, null), server.Url);
        Assert.EndsWith($"/rj-hub/user/{user}/", server.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.True(Assert.Single((await client.GetUserAsync(user, TimeoutToken)).Servers).Ready);

        using (var jupyter = new JupyterApiClient(client.ServerUrl(user, null), token))
        {
            Assert.Contains("python3", (await jupyter.ListKernelSpecsAsync(TimeoutToken)).Names);
            var kernel = await jupyter.StartKernelAsync(null, TimeoutToken);
            var result = await jupyter.ExecuteAsync(kernel, "1+1", TimeoutToken);
            Assert.Equal(("ok", "2"), (result.Status, result.Stdout.Trim()));
            await jupyter.ShutdownKernelAsync(kernel, TimeoutToken);
        }

        // Starting what runs is no spawn: the same server comes back.
        Assert.Equal(server.Url, (await client.StartServerAsync(user, null, null, null, TimeoutToken)).Url);

        await client.StopServerAsync(user, null, remove: false, TimeoutToken);
        Assert.DoesNotContain((await client.GetUserAsync(user, TimeoutToken)).Servers, s => s.Ready);
    }

    [Fact]
    public async Task Named_server_is_created_with_options_started_and_deleted()
    {
        var (user, _, client) = await LoginAsync();
        using var __ = client;
        var options = new Dictionary<string, JsonElement> { ["flavour"] = JsonSerializer.SerializeToElement("small") };

        var server = await client.StartServerAsync(user, "nb-1", options, null, TimeoutToken);

        Assert.Equal("nb-1", server.Name);
        Assert.EndsWith($"/rj-hub/user/{user}/nb-1/", server.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(client.ServerUrl(user, "nb-1"), server.Url);
        using (var jupyter = new JupyterApiClient(server.Url, (await LoginTokenAsync(user)).Token))
        {
            Assert.Matches(@"^\d+\.", await jupyter.GetVersionAsync(TimeoutToken));
        }

        await client.StopServerAsync(user, "nb-1", remove: true, TimeoutToken);
        Assert.DoesNotContain((await client.GetUserAsync(user, TimeoutToken)).Servers, s => s.Name == "nb-1");
        var gone = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.StopServerAsync(user, "nb-1", remove: true, TimeoutToken));
        Assert.Equal(ErrorCode.HubServerNotFound, gone.Code);
    }

    [Fact]
    public async Task Failed_spawn_is_HubSpawnFailed_with_the_hubs_reason()
    {
        var (user, _, client) = await LoginAsync();
        using var _ = client;
        var options = new Dictionary<string, JsonElement> { ["fail"] = JsonSerializer.SerializeToElement("yes") };

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.StartServerAsync(user, "broken", options, null, TimeoutToken));

        Assert.Equal(ErrorCode.HubSpawnFailed, ex.Code);
        Assert.Contains("asked to fail by the test", ex.Message);
    }

    [Fact]
    public async Task Cancelling_a_pending_spawn_leaves_no_server_running()
    {
        var (user, _, client) = await LoginAsync();
        using var _ = client;
        var options = new Dictionary<string, JsonElement> { ["delay"] = JsonSerializer.SerializeToElement("2") };
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TimeoutToken);
        var first = new SynchronousProgress<HubProgress>(_ => cancel.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.StartServerAsync(user, null, options, first, cancel.Token));

        var after = await client.GetUserAsync(user, TimeoutToken);
        Assert.DoesNotContain(after.Servers, s => s.Ready || s.Pending is not null);
    }

    [Fact]
    public async Task A_spawn_slower_than_the_timeout_is_HubSpawnFailed_and_stopped()
    {
        var (user, token, client) = await LoginAsync();
        client.Dispose();
        using var impatient = new HubClient(hub.HubUrl, token) { SpawnTimeout = TimeSpan.FromSeconds(1), Logger = Logger };
        var options = new Dictionary<string, JsonElement> { ["delay"] = JsonSerializer.SerializeToElement("3") };

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => impatient.StartServerAsync(user, null, options, null, TimeoutToken));

        Assert.Equal(ErrorCode.HubSpawnFailed, ex.Code);
        Assert.Contains("within 1 s", ex.Message);
        Assert.DoesNotContain((await impatient.GetUserAsync(user, TimeoutToken)).Servers, s => s.Ready || s.Pending is not null);
    }

    [Fact]
    public async Task Another_users_servers_are_HubServerNotFound()
    {
        var (_, _, client) = await LoginAsync();
        using var _ = client;

        var ex = await Assert.ThrowsAsync<RemoteJupyterException>(() => client.GetUserAsync("nobody-" + hub.NewUser(), TimeoutToken));

        Assert.Equal(ErrorCode.HubServerNotFound, ex.Code);
    }

    private async Task<(string User, string Token, HubClient Client)> LoginAsync()
    {
        var user = hub.NewUser();
        var token = await LoginTokenAsync(user);
        return (user, token.Token, new HubClient(hub.HubUrl, token.Token) { TokenId = token.Id, Logger = Logger });
    }

    private Task<HubToken> LoginTokenAsync(string user) => HubClient.LoginAsync(hub.HubUrl, user, hub.Password, TimeSpan.FromMinutes(10), null, TimeoutToken);
}
