using System.Web;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Sources.Urls;

/// <summary>
/// An existing server's root, parsed from what people paste: <c>https://host:8888/base/lab?token=…</c> becomes
/// base URL <c>https://host:8888/base/</c> and the token, kept apart so it never lands in a log line.
/// </summary>
/// <param name="BaseUrl"><c>scheme://host:port/base/</c>, always ending in a slash, never with a query.</param>
/// <param name="TokenFromUrl">The <c>token</c> query parameter of the pasted URL, if any.</param>
public sealed record ServerAddress(Uri BaseUrl, string? TokenFromUrl)
{
    // Path segments of Jupyter's own pages: what follows them is a page inside the server, not the base path.
    private static readonly HashSet<string> PageSegments = new(StringComparer.Ordinal)
    {
        "lab", "tree", "notebooks", "edit", "view", "doc", "login", "logout", "api", "terminals", "voila",
    };

    /// <summary>The URL without query: safe to log and show.</summary>
    public string Display => BaseUrl.AbsoluteUri;

    /// <summary>Parses a pasted server URL; <see cref="ErrorCode.InvalidServerUrl"/> says what is wrong with it.</summary>
    public static ServerAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // The text itself stays out of every message: it may carry a token.
        var trimmed = text.Trim();
        // On Unix a bare path parses as an absolute file: URI; only an explicit file: scheme is an unsupported scheme.
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) ||
            (uri.IsFile && !trimmed.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) || uri.IsUnc)
        {
            throw Invalid("it is not an absolute URL; expected something like https://host:8888/ or http://127.0.0.1:8888/?token=…");
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw Invalid($"the scheme '{uri.Scheme}' is not supported; use http:// or https://");
        }

        if (uri.Host.Length == 0)
        {
            throw Invalid("it names no host");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw Invalid("it contains a user name or password before the host; give the password separately");
        }

        var token = HttpUtility.ParseQueryString(uri.Query)["token"];
        var builder = new UriBuilder(uri.Scheme, uri.Host, uri.Port, BasePath(uri.AbsolutePath));
        return new ServerAddress(builder.Uri, string.IsNullOrEmpty(token) ? null : token);
    }

    /// <summary>Hides the token when the record is printed.</summary>
    public override string ToString() => $"ServerAddress {{ BaseUrl = {Display}, TokenFromUrl = {(TokenFromUrl is null ? "null" : "***")} }}";

    private static string BasePath(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var end = Array.FindIndex(segments, s => PageSegments.Contains(Uri.UnescapeDataString(s)));
        var kept = end < 0 ? segments : segments[..end];
        return "/" + string.Concat(kept.Select(s => s + "/"));
    }

    private static RemoteJupyterException Invalid(string why) =>
        new(ErrorCode.InvalidServerUrl, $"The Jupyter server URL cannot be used: {why}.");
}
