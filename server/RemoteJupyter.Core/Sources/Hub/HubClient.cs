using System.Text.Json.Nodes;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>
/// A JupyterHub REST API client for one person's token: who am I, my servers, start (following the spawn progress),
/// stop, and token renewal. The servers it starts are ordinary Jupyter servers at <see cref="ServerUrl"/>, reached
/// with the same token (for example through <c>JupyterApiClient</c>).
/// </summary>
/// <remarks>
/// The token travels only in the <c>Authorization: token …</c> header; it is never put in a URL, a log line or an
/// exception message.
/// </remarks>
public sealed partial class HubClient : IDisposable
{
    // How often to re-read a server that the hub is starting or stopping; those take seconds.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly HubApi api;

    // Kept for the second client a renewal needs: the old token is revoked with the new one.
    private readonly HttpMessageHandler? handler;

    /// <summary>Creates a client for the hub at <paramref name="hubUrl"/>.</summary>
    /// <param name="hubUrl">The hub's root such as <c>http://127.0.0.1:8000/</c>, with its base path if it has one.</param>
    /// <param name="token">A hub API token for the person.</param>
    /// <param name="handler">Optional transport; the caller keeps ownership. Without one, connects time out after 5 s.</param>
    public HubClient(Uri hubUrl, string token, HttpMessageHandler? handler = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        HubUrl = HubAddress.Normalize(hubUrl);
        this.handler = handler;
        api = new HubApi(HubUrl, token, handler);
    }

    /// <summary>The hub's root, normalized to end in a slash.</summary>
    public Uri HubUrl { get; }

    /// <summary>
    /// The hub's id of the token (as <see cref="HubToken.Id"/> gives it), for hubs whose <c>/hub/api/user</c> does not
    /// name the token (before 5.0): with it <see cref="GetTokenInfoAsync"/> can still read the expiry, and
    /// <see cref="RenewTokenAsync"/> can still revoke the token it replaces.
    /// </summary>
    public string? TokenId { get; init; }

    /// <summary>How long a spawn may take, from the request to the ready event, before it is stopped and reported failed.</summary>
    public TimeSpan SpawnTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Where the client's log lines go (never with secrets).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>The address of a user's server: <c>HUB/user/NAME/</c>, or <c>HUB/user/NAME/SNAME/</c> for a named one.</summary>
    public Uri ServerUrl(string user, string? serverName) => HubAddress.ServerUrl(HubUrl, user, serverName);

    /// <summary>Who the token belongs to, its scopes and, when the hub tells, its expiry.</summary>
    public async Task<HubTokenInfo> GetTokenInfoAsync(CancellationToken cancellationToken)
    {
        const string what = "Reading who the token belongs to";
        var response = await api.SendAsync(HttpMethod.Get, "hub/api/user", null, what, cancellationToken);
        if (!response.IsSuccess)
        {
            throw api.Failure(what, response);
        }

        var (user, scopes, tokenId) = HubJson.Identity(response.Json);
        DateTimeOffset? expiresAt = null;
        if ((tokenId ?? TokenId) is { Length: > 0 } id)
        {
            // Reading one's own token needs read:tokens, which tokens made by login have; without it the expiry stays unknown.
            try
            {
                var token = await api.SendAsync(HttpMethod.Get, $"{HubAddress.UserPath(user)}/tokens/{Uri.EscapeDataString(id)}", null, "Reading the token's expiry", cancellationToken);
                if (token.IsSuccess)
                {
                    expiresAt = HubJson.TokenExpiry(token.Json);
                }
            }
            catch (RemoteJupyterException ex) when (ex.Code == ErrorCode.HubTokenRejected)
            {
                // The hub took this token a moment ago, so this refusal is a missing read:tokens scope, not a dead token.
            }
        }

        return new HubTokenInfo(user, expiresAt, scopes);
    }

    /// <summary>
    /// Asks for a new token for <paramref name="user"/> with the current one, to replace it before it expires, then
    /// revokes the current one so renewals do not leave valid tokens behind. Hubs allow this when the current token
    /// has the <c>tokens</c> scope, which tokens made by login have.
    /// </summary>
    /// <remarks>
    /// The revocation is best effort: when it fails, or the current token's id is unknown (hubs before 5.0 do not
    /// name it, and <see cref="TokenId"/> is not set), a warning is logged and the new token is still returned:
    /// throwing would lose the new token while the old one stays valid anyway.
    /// </remarks>
    /// <param name="user">The user the new token is for, normally the token's own user.</param>
    /// <param name="expiresIn">The new token's lifetime; null for the hub's default (no expiry).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<HubToken> RenewTokenAsync(string user, TimeSpan? expiresIn, CancellationToken cancellationToken)
    {
        var what = $"Renewing the hub token for {user}";
        var response = await api.SendAsync(HttpMethod.Post, HubAddress.UserPath(user) + "/tokens", TokenRequest(expiresIn, null), what, cancellationToken);
        if (!response.IsSuccess)
        {
            throw api.Failure(what, response);
        }

        var token = HubJson.Token(response.Json);
        LogTokenCreated(Logger, user, token.Id, token.ExpiresAt);
        await RevokeReplacedTokenAsync(user, token, cancellationToken);
        return token;
    }

    /// <summary>A user and their servers (the default one and any named ones the hub knows).</summary>
    public async Task<HubUser> GetUserAsync(string user, CancellationToken cancellationToken)
    {
        var what = $"Reading hub user {user}";
        // Stopped named servers are listed too (hubs before 3.0 ignore the flag), so they can be started again by name.
        var response = await api.SendAsync(HttpMethod.Get, HubAddress.UserPath(user) + "?include_stopped_servers=1", null, what, cancellationToken);
        if (response.Status == HttpStatusCode.NotFound)
        {
            throw new RemoteJupyterException(ErrorCode.HubServerNotFound, $"The hub at {HubUrl} has no user {user} (or this token may not see it). Check the user name.");
        }

        if (!response.IsSuccess)
        {
            throw api.Failure(what, response);
        }

        return HubJson.User(response.Json, HubUrl);
    }

    /// <summary>
    /// Stops a user's server; waits until the hub has stopped it. With <paramref name="remove"/> a named server is
    /// also deleted (the default server cannot be). Stopping a server that is not running does nothing.
    /// </summary>
    public async Task StopServerAsync(string user, string? serverName, bool remove, CancellationToken cancellationToken)
    {
        var what = $"Stopping {Describe(user, serverName)}";
        JsonObject? body = remove ? new JsonObject { ["remove"] = true } : null;
        var response = await api.SendAsync(HttpMethod.Delete, HubAddress.ServerPath(user, serverName), body, what, cancellationToken);
        if (response.Status == HttpStatusCode.NotFound)
        {
            throw new RemoteJupyterException(ErrorCode.HubServerNotFound, $"{what} failed: the hub knows no such server (the hub said: {response.Message}).");
        }

        if (!response.IsSuccess)
        {
            throw api.Failure(what, response);
        }

        LogStopRequested(Logger, user, serverName ?? string.Empty, remove);

        // 202 means the hub is still stopping it, and a removal happens only after the stop: wait for what was asked.
        if (remove)
        {
            await WaitUntilAsync(user, serverName, server => server is null, SpawnTimeout, cancellationToken);
        }
        else if (response.Status == HttpStatusCode.Accepted)
        {
            await WaitUntilAsync(user, serverName, server => server?.Pending is null, SpawnTimeout, cancellationToken);
        }
    }

    /// <summary>Frees the connections, and the transport if this client created it.</summary>
    public void Dispose() => api.Dispose();

    /// <summary>The body of a token request; the note tells the person, on the hub's token page, where it came from.</summary>
    private static JsonObject TokenRequest(TimeSpan? expiresIn, IReadOnlyDictionary<string, string>? auth)
    {
        var body = new JsonObject { ["note"] = "Remote Jupyter" };
        if (expiresIn is { } lifetime)
        {
            body["expires_in"] = Math.Max(1, (long)Math.Ceiling(lifetime.TotalSeconds));
        }

        if (auth is not null)
        {
            var credentials = new JsonObject();
            foreach (var (key, value) in auth)
            {
                credentials[key] = value;
            }

            body["auth"] = credentials;
        }

        return body;
    }

    private static string Describe(string user, string? serverName) =>
        string.IsNullOrEmpty(serverName) ? $"the default server of {user}" : $"server '{serverName}' of {user}";

    /// <summary>The server as the hub lists it now, or null when the user has no such server.</summary>
    private async Task<HubServer?> FindServerAsync(string user, string? serverName, CancellationToken cancellationToken)
    {
        var found = await GetUserAsync(user, cancellationToken);
        return found.Servers.FirstOrDefault(s => s.Name == (serverName ?? string.Empty));
    }

    /// <summary>Re-reads the server until <paramref name="done"/> holds for it (null: the hub has no such server), up to <paramref name="limit"/>.</summary>
    private async Task<HubServer?> WaitUntilAsync(string user, string? serverName, Func<HubServer?, bool> done, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        while (true)
        {
            var server = await FindServerAsync(user, serverName, cancellationToken);
            if (done(server) || DateTimeOffset.UtcNow >= deadline)
            {
                return server;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
