using System.Text.Json;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>
/// Reads the hub's REST models (user, server, token, progress event). Only the fields we use are read, and
/// missing optional ones are tolerated, so hubs from 1.x to 5.x all parse.
/// </summary>
internal static class HubJson
{
    /// <summary>A user model from <c>GET /hub/api/users/NAME</c> or <c>/hub/api/user</c>.</summary>
    public static HubUser User(JsonElement json, Uri hubRoot) => Parse("user", () =>
    {
        var name = RequireString(json, "name");
        var servers = new List<HubServer>();
        if (json.TryGetProperty("servers", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var server in map.EnumerateObject())
            {
                servers.Add(Server(server.Value, server.Name, name, hubRoot));
            }
        }

        // Default server first, then by name, so listings are stable.
        return new HubUser(name, servers.OrderBy(s => s.Name, StringComparer.Ordinal).ToList());
    });

    /// <summary>The token model returned when a token is created or read.</summary>
    public static HubToken Token(JsonElement json) => Parse("token", () => new HubToken(
        RequireString(json, "token"),
        OptionalString(json, "id"),
        OptionalTime(json, "expires_at")));

    /// <summary>The identity model of <c>GET /hub/api/user</c>: who the token acts as, and its scopes on hubs that say.</summary>
    public static (string User, IReadOnlyList<string> Scopes, string? TokenId) Identity(JsonElement json) => Parse("identity", () =>
    {
        IReadOnlyList<string> scopes = json.TryGetProperty("scopes", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().Select(e => e.GetString()).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        return (RequireString(json, "name"), scopes, OptionalString(json, "token_id"));
    });

    /// <summary>The expiry in a token model, without the secret (which reads never return).</summary>
    public static DateTimeOffset? TokenExpiry(JsonElement json) => Parse("token", () => OptionalTime(json, "expires_at"));

    /// <summary>One <c>data:</c> payload of the progress stream.</summary>
    public static HubProgress Progress(ReadOnlySpan<byte> data)
    {
        try
        {
            using var document = JsonDocument.Parse(data.ToArray());
            var json = document.RootElement;
            var percent = json.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Number ? (int)Math.Clamp(p.GetDouble(), 0, 100) : 0;
            return new HubProgress(
                percent,
                OptionalString(json, "message") ?? string.Empty,
                json.TryGetProperty("ready", out var ready) && ready.ValueKind == JsonValueKind.True,
                json.TryGetProperty("failed", out var failed) && failed.ValueKind == JsonValueKind.True);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new RemoteJupyterException(ErrorCode.Unexpected, "Following the hub's spawn progress failed: an event is not valid JSON.", ex);
        }
    }

    private static HubServer Server(JsonElement json, string name, string user, Uri hubRoot)
    {
        // The hub's url is an absolute path that includes its base path; resolving it against the root keeps the
        // scheme and authority the person gave us (the hub may not know its public address).
        var url = OptionalString(json, "url") is { Length: > 0 } path && path.StartsWith('/')
            ? new Uri(hubRoot, path)
            : HubAddress.ServerUrl(hubRoot, user, name);
        return new HubServer(
            name,
            json.TryGetProperty("ready", out var ready) && ready.ValueKind == JsonValueKind.True,
            OptionalString(json, "pending"),
            url,
            OptionalTime(json, "started"),
            OptionalTime(json, "last_activity"));
    }

    private static string RequireString(JsonElement json, string name) =>
        json.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null.");

    private static string? OptionalString(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? OptionalTime(JsonElement json, string name) =>
        OptionalString(json, name) is { } text ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal) : null;

    private static T Parse<T>(string what, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new RemoteJupyterException(ErrorCode.Unexpected, $"Reading the hub's {what} failed: the answer lacks the expected fields.", ex);
        }
    }
}
