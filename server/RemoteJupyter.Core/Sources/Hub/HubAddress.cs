using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>The hub's root URL and the paths under it, built the way JupyterHub builds them.</summary>
internal static class HubAddress
{
    /// <summary>
    /// Checks and normalizes a hub URL to its root ending in a slash (base path kept). People paste the address
    /// bar, so a trailing <c>hub/…</c> (<c>/hub/home</c>, <c>/hub/spawn</c>) is cut back to the root.
    /// </summary>
    public static Uri Normalize(Uri hubUrl)
    {
        ArgumentNullException.ThrowIfNull(hubUrl);

        // The URL stays out of the message: a refused one may carry a token in its query or user info.
        if (!hubUrl.IsAbsoluteUri || (hubUrl.Scheme != Uri.UriSchemeHttp && hubUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new RemoteJupyterException(ErrorCode.InvalidServerUrl, "The hub URL must be an absolute http:// or https:// address, like https://hub.example.org/.");
        }

        if (hubUrl.Query.Length > 0 || hubUrl.Fragment.Length > 0 || hubUrl.UserInfo.Length > 0)
        {
            throw new RemoteJupyterException(
                ErrorCode.InvalidServerUrl,
                "The hub URL must not contain user info, a query or a fragment; give the token or password separately.");
        }

        var segments = hubUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        var hubSegment = segments.LastIndexOf("hub");
        if (hubSegment >= 0)
        {
            segments.RemoveRange(hubSegment, segments.Count - hubSegment);
        }

        var builder = new UriBuilder(hubUrl) { Path = "/" + string.Concat(segments.Select(s => s + "/")) };
        return builder.Uri;
    }

    /// <summary>The API path of a user, relative to the hub root.</summary>
    public static string UserPath(string user) => "hub/api/users/" + EscapeName(RequireName(user, nameof(user)));

    /// <summary>The API path of a user's default (<paramref name="serverName"/> null or "") or named server.</summary>
    public static string ServerPath(string user, string? serverName) => string.IsNullOrEmpty(serverName)
        ? UserPath(user) + "/server"
        : UserPath(user) + "/servers/" + EscapeName(serverName);

    /// <summary>Where the hub's proxy serves a user's server: <c>HUB/user/NAME/</c> or <c>HUB/user/NAME/SNAME/</c>.</summary>
    public static Uri ServerUrl(Uri hubRoot, string user, string? serverName)
    {
        var path = "user/" + EscapeName(RequireName(user, nameof(user))) + "/";
        if (!string.IsNullOrEmpty(serverName))
        {
            path += EscapeName(serverName) + "/";
        }

        return new Uri(hubRoot, path);
    }

    /// <summary>
    /// Escapes a user or server name as JupyterHub's <c>url_escape_path</c> does (which keeps <c>@</c> and <c>~</c>),
    /// so our URLs match the routes the hub adds to its proxy.
    /// </summary>
    public static string EscapeName(string name) => Uri.EscapeDataString(name).Replace("%40", "@", StringComparison.Ordinal);

    private static string RequireName(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameter);
        return name;
    }
}
