using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sources.Hub;
using RemoteJupyter.Core.Sources.Urls;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>
/// hub/*: JupyterHub servers. Stateless on purpose: the client keeps the token (in SecretStorage) and sends it with
/// each request, so a sidecar restart loses nothing.
/// </summary>
internal sealed partial class RemoteJupyterService
{
    public async Task<HubLoginResult> HubLoginAsync(
        string hubUrl, string user, string password, double? expiresInSeconds = null, CancellationToken cancellationToken = default)
    {
        var token = await HubClient.LoginAsync(HubUrl(hubUrl), user, password, Seconds(expiresInSeconds), null, cancellationToken);
        return new HubLoginResult(token.Token, user, token.ExpiresAt, token.Id);
    }

    public async Task<HubTokenInfoResult> HubTokenInfoAsync(string hubUrl, string token, CancellationToken cancellationToken = default)
    {
        using var hub = Hub(hubUrl, token);
        var info = await hub.GetTokenInfoAsync(cancellationToken);
        return new HubTokenInfoResult(info.User, info.Scopes, info.ExpiresAt);
    }

    public async Task<HubLoginResult> HubRenewTokenAsync(
        string hubUrl, string user, string token, double? expiresInSeconds = null, string? tokenId = null, CancellationToken cancellationToken = default)
    {
        // The id lets hubs before 5.0 revoke the replaced token; newer hubs name it themselves.
        using var hub = new HubClient(HubUrl(hubUrl), token) { Logger = loggerFactory.CreateLogger<HubClient>(), TokenId = EmptyAsNull(tokenId) };
        var renewed = await hub.RenewTokenAsync(user, Seconds(expiresInSeconds), cancellationToken);
        return new HubLoginResult(renewed.Token, user, renewed.ExpiresAt, renewed.Id);
    }

    public async Task<IReadOnlyList<HubServerInfo>> HubServersAsync(string hubUrl, string user, string token, CancellationToken cancellationToken = default)
    {
        using var hub = Hub(hubUrl, token);
        var person = await hub.GetUserAsync(user, cancellationToken);
        return person.Servers.Select(s => HubInfo(hub, user, s)).ToList();
    }

    public async Task<HubServerInfo> HubStartAsync(
        string hubUrl, string user, string token, string? name = null, IReadOnlyDictionary<string, JsonElement>? options = null,
        IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default)
    {
        using var hub = Hub(hubUrl, token);
        var steps = progress is null ? null : new SynchronousProgress<HubProgress>(p => progress.Report(new ProgressValue(
            "spawning", p.Ready ? "completed" : "step", p.Percent > 0 ? string.Create(CultureInfo.InvariantCulture, $"{p.Percent}% · {p.Message}") : p.Message)));
        var server = await hub.StartServerAsync(user, EmptyAsNull(name), options, steps, cancellationToken);
        return HubInfo(hub, user, server);
    }

    public async Task HubStopAsync(string hubUrl, string user, string token, string? name = null, bool remove = false, CancellationToken cancellationToken = default)
    {
        using var hub = Hub(hubUrl, token);
        await hub.StopServerAsync(user, EmptyAsNull(name), remove, cancellationToken);
    }

    public async Task<IReadOnlyList<KernelSpecInfo>> HubKernelsAsync(
        string hubUrl, string user, string token, string? name = null, CancellationToken cancellationToken = default)
    {
        using var hub = Hub(hubUrl, token);
        using var client = new JupyterApiClient(hub.ServerUrl(user, EmptyAsNull(name)), token);
        return KernelSpecs(await client.ListKernelSpecsAsync(cancellationToken));
    }

    // The URL Jupyter clients use, built the same way for every server (the hub's own url field is a path).
    private static HubServerInfo HubInfo(HubClient hub, string user, HubServer server) =>
        new(server.Name, server.Ready, hub.ServerUrl(user, EmptyAsNull(server.Name)).ToString(), server.Pending, server.Started, server.LastActivity);

    // ServerAddress refuses queries and bad schemes the same way for both kinds of source.
    private static Uri HubUrl(string text) => ServerAddress.Parse(text).BaseUrl;

    private HubClient Hub(string hubUrl, string token) => new(HubUrl(hubUrl), token) { Logger = loggerFactory.CreateLogger<HubClient>() };

    private static TimeSpan? Seconds(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    private static string? EmptyAsNull(string? name) => string.IsNullOrEmpty(name) ? null : name;
}
