namespace RemoteJupyter.Sidecar.Rpc;

// Data shapes of sources/* and hub/*: servers we did not start. camelCase on the wire; null members are omitted.

/// <summary>
/// Result of <c>sources/add</c> and <c>sources/renew</c>. LocalUrl is what Jupyter clients use (our TLS or SSH relay, or
/// the URL itself); Headers (Authorization, or Cookie + X-XSRFToken) are secrets. Auth: none, token or password.
/// </summary>
public sealed record UrlSourceResult(
    string SourceId, string Url, string LocalUrl, string Auth, IReadOnlyDictionary<string, string> Headers, string? CertificateFingerprint = null);

/// <summary>One entry of <c>sources/list</c>, without secrets.</summary>
public sealed record UrlSourceInfo(string SourceId, string Url, string LocalUrl, string Auth, string? CertificateFingerprint = null);

/// <summary>A kernelspec a server offers.</summary>
public sealed record KernelSpecInfo(string Name, string DisplayName, string? Language = null);

/// <summary>
/// Result of <c>hub/login</c> and <c>hub/renewToken</c>. Token is a secret; TokenId (the hub's id for it, not secret) is
/// what the client sends back to <c>hub/renewToken</c> so hubs before 5.0, which do not name a token, can revoke it.
/// </summary>
public sealed record HubLoginResult(string Token, string User, DateTimeOffset? ExpiresAt = null, string? TokenId = null);

/// <summary>Result of <c>hub/tokenInfo</c>.</summary>
public sealed record HubTokenInfoResult(string User, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt = null);

/// <summary>A server of the person on a hub. Name "" is the default server; Pending is "spawn" or "stop" while one runs.</summary>
public sealed record HubServerInfo(string Name, bool Ready, string Url, string? Pending = null, DateTimeOffset? Started = null, DateTimeOffset? LastActivity = null);

/// <summary>Sidecar → client request <c>prompt/certificate</c>: a TLS certificate neither the system nor a pin trusts.</summary>
public sealed record CertificatePrompt(
    string Host, int Port, string Fingerprint, string Subject, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Problem, string PinFile);

/// <summary>Client's answer to <c>prompt/certificate</c>: Accept pins it.</summary>
public sealed record CertificateAnswer(bool Accept);
