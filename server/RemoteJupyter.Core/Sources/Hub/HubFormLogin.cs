namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>What posting the hub's login form told us.</summary>
internal enum HubFormLogin
{
    /// <summary>The hub took the password (and created the user if this was their first login).</summary>
    Accepted,

    /// <summary>The hub showed its login page again: wrong user name or password.</summary>
    Refused,

    /// <summary>No usable form (XSRF required, OAuth, a proxy in the way): only the token API can tell.</summary>
    Unavailable,
}
