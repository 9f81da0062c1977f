namespace RemoteJupyter.Core.Tests.Sources;

/// <summary>Answers recorded from Debian's JupyterHub 3.0.0 (DummyAuthenticator, SimpleLocalProcessSpawner) with curl.</summary>
internal static class HubRecordings
{
    /// <summary>POST /hub/api/users/alice/tokens with {"auth": {…}, "expires_in": 3600}.</summary>
    public const string Token = """
        {"user": "alice", "id": "a2", "kind": "api_token", "roles": [], "scopes": ["read:users!user=alice", "read:servers!user=alice", "read:users:name!user=alice", "servers!user=alice", "delete:servers!user=alice", "read:users:activity!user=alice", "access:servers!user=alice", "read:tokens!user=alice", "tokens!user=alice", "read:users:groups!user=alice", "users:activity!user=alice"], "created": "2026-11-23T20:04:03.543863Z", "last_activity": null, "expires_at": "2026-11-23T21:04:03.543382Z", "note": "Requested via api", "session_id": null, "oauth_client": "JupyterHub", "token": "3379c513b64c4433842f6ee39293ac16"}
        """;

    /// <summary>GET /hub/api/user with that token: 3.0 names no token_id.</summary>
    public const string Identity = """
        {"server": null, "pending": null, "groups": [], "admin": false, "kind": "user", "roles": ["user"], "last_activity": "2026-11-23T20:04:03.644815Z", "name": "alice", "created": "2026-11-23T20:04:03.523779Z", "servers": {}, "session_id": null, "scopes": ["access:servers!user=alice", "delete:servers!user=alice", "read:servers!user=alice", "read:tokens!user=alice", "read:users!user=alice", "read:users:activity!user=alice", "read:users:groups!user=alice", "read:users:name!user=alice", "servers!user=alice", "tokens!user=alice", "users:activity!user=alice"]}
        """;

    /// <summary>GET /hub/api/users/alice/tokens/a2: the token model without the secret.</summary>
    public const string TokenModel = """
        {"user": "alice", "id": "a2", "kind": "api_token", "roles": [], "scopes": ["read:users!user=alice"], "created": "2026-11-23T20:04:03.543863Z", "last_activity": "2026-11-23T20:04:03.644815Z", "expires_at": "2026-11-23T21:04:03.543382Z", "note": "Requested via api", "session_id": null, "oauth_client": "JupyterHub"}
        """;

    /// <summary>GET /hub/api/users/alice with the default server running.</summary>
    public const string UserWithDefaultServer = """
        {"server": "/user/alice/", "pending": null, "groups": [], "admin": false, "kind": "user", "roles": ["user"], "last_activity": "2026-11-23T20:04:09.259993Z", "name": "alice", "created": "2026-11-23T20:04:03.523779Z", "servers": {"": {"name": "", "last_activity": "2026-11-23T20:04:09.259993Z", "started": "2026-11-23T20:04:08.614731Z", "pending": null, "ready": true, "stopped": false, "url": "/user/alice/", "user_options": {}, "progress_url": "/hub/api/users/alice/server/progress"}}}
        """;

    /// <summary>GET /hub/api/users/alice with a named server ready and one pending spawn.</summary>
    public const string UserWithNamedServers = """
        {"kind": "user", "admin": false, "server": null, "pending": null, "name": "alice", "roles": ["user"], "created": "2026-11-23T20:04:03.523779Z", "groups": [], "last_activity": "2026-11-23T20:05:20.028683Z", "servers": {"slow": {"name": "slow", "last_activity": "2026-11-23T20:05:20.028683Z", "started": "2026-11-23T20:05:20.028683Z", "pending": "spawn", "ready": false, "stopped": false, "url": "/user/alice/slow/", "user_options": {"delay": "3"}, "progress_url": "/hub/api/users/alice/servers/slow/progress"}, "nb1": {"name": "nb1", "last_activity": "2026-11-23T20:04:24.110665Z", "started": "2026-11-23T20:04:23.494756Z", "pending": null, "ready": true, "stopped": false, "url": "/user/alice/nb1/", "user_options": {"foo": "bar"}, "progress_url": "/hub/api/users/alice/servers/nb1/progress"}}}
        """;

    /// <summary>GET /hub/api/users/alice/servers/nb1/progress after POST answered 202 (slow_spawn_timeout 0).</summary>
    public const string ProgressReady =
        "\n\n" +
        "data: {\"progress\": 0, \"message\": \"Server requested\"}\n\n" +
        "data: {\"progress\": 50, \"message\": \"Spawning server...\"}\n\n" +
        "data: {\"progress\": 100, \"ready\": true, \"message\": \"Server ready at /user/alice/nb1/\", \"html_message\": \"Server ready at <a href=\\\"/user/alice/nb1/\\\">/user/alice/nb1/</a>\", \"url\": \"/user/alice/nb1/\"}\n\n";

    /// <summary>The same stream for a spawn whose pre_spawn_hook raised.</summary>
    public const string ProgressFailed =
        "\n\n" +
        "data: {\"progress\": 0, \"message\": \"Server requested\"}\n\n" +
        "data: {\"progress\": 50, \"message\": \"Spawning server...\"}\n\n" +
        "data: {\"progress\": 100, \"failed\": true, \"message\": \"Spawn failed: asked to fail by the test\"}\n\n";
}
