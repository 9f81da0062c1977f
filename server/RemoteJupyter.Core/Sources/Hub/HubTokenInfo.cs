namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>Who a token belongs to and what the hub says about it.</summary>
/// <param name="User">The user name the token acts as.</param>
/// <param name="ExpiresAt">When the token expires, when the hub tells (null: never, or not known).</param>
/// <param name="Scopes">The token's scopes, like <c>servers!user=alice</c>; empty on hubs that do not report them.</param>
public sealed record HubTokenInfo(string User, DateTimeOffset? ExpiresAt, IReadOnlyList<string> Scopes);
