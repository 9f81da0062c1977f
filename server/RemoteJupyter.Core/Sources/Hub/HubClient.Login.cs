using System.Net;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>Turning a user name and password into a hub API token.</summary>
public sealed partial class HubClient
{
    /// <summary>
    /// Logs in with a user name and password and returns a new API token, as <c>POST /hub/api/users/NAME/tokens</c>
    /// with the credentials in the body allows on hubs whose authenticator takes passwords (PAM, LDAP, native, dummy).
    /// </summary>
    /// <param name="hubUrl">The hub's root.</param>
    /// <param name="user">The user name.</param>
    /// <param name="password">The password; sent once in a request body, never kept.</param>
    /// <param name="expiresIn">The token's lifetime; null for the hub's default (no expiry).</param>
    /// <param name="handler">Optional transport; the caller keeps ownership.</param>
    /// <param name="cancellationToken">Cancels the login.</param>
    /// <exception cref="RemoteJupyterException"><see cref="ErrorCode.ServerLoginFailed"/> when the hub refuses the credentials.</exception>
    public static async Task<HubToken> LoginAsync(
        Uri hubUrl, string user, string password, TimeSpan? expiresIn, HttpMessageHandler? handler, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(password);
        var root = HubAddress.Normalize(hubUrl);
        using var api = new HubApi(root, token: null, handler);
        var what = $"Logging in to the hub at {root} as {user}";
        var auth = new Dictionary<string, string> { ["username"] = user, ["password"] = password };

        // The API hands tokens only to users the hub already has in its database, and a hub adds people there at their
        // first login on its web page; so the form goes first. It also tells a wrong password apart, which then costs
        // one failed attempt rather than two against lockout policies (pam_faillock).
        if (await SubmitLoginFormAsync(api, user, password, what, cancellationToken) == HubFormLogin.Refused)
        {
            throw LoginRefused(root, user);
        }

        var response = await api.SendAsync(HttpMethod.Post, HubAddress.UserPath(user) + "/tokens", TokenRequest(expiresIn, auth), what, cancellationToken);
        if (response.Status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound)
        {
            throw LoginRefused(root, user);
        }

        if (!response.IsSuccess)
        {
            throw api.Failure(what, response, ErrorCode.ServerLoginFailed);
        }

        return HubJson.Token(response.Json);
    }

    private static RemoteJupyterException LoginRefused(Uri root, string user) => new(
        ErrorCode.ServerLoginFailed,
        $"The hub at {root} refused the user name or password for {user}. Check them; if the hub logs in through another site " +
        $"(OAuth), make a token on its page {new Uri(root, "hub/token")} and pass it with --token-stdin instead.");

    /// <summary>
    /// Posts the hub's login form, which creates the user on their first login. The hub redirects away from the
    /// login page when it takes the password and shows the page again (200) when it does not; anything else means
    /// there is no form we can use, for example because the hub wants an XSRF cookie (from 4.1) or uses OAuth.
    /// </summary>
    private static async Task<HubFormLogin> SubmitLoginFormAsync(HubApi api, string user, string password, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(api.Root, "hub/login"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = user, ["password"] = password }),
        };
        using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, what, cancellationToken);
        // A caller's handler may follow the redirect itself; then where the request ended up tells.
        var landed = response.RequestMessage?.RequestUri;
        if (landed is not null && landed != request.RequestUri && response.StatusCode == HttpStatusCode.OK)
        {
            return landed.AbsolutePath.Contains("/login", StringComparison.Ordinal) ? HubFormLogin.Refused : HubFormLogin.Accepted;
        }

        return response.StatusCode switch
        {
            HttpStatusCode.Found or HttpStatusCode.SeeOther when response.Headers.Location is { } next && !next.OriginalString.Contains("/login", StringComparison.Ordinal) =>
                HubFormLogin.Accepted,
            HttpStatusCode.OK => HubFormLogin.Refused,
            _ => HubFormLogin.Unavailable,
        };
    }
}
