using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Renci.SshNet;

namespace RemoteJupyter.Core.Ssh;

/// <summary>
/// The two SSH.NET internals the tunnel needs and SSH.NET does not expose: a client's session, and that
/// session's TCP socket. Bound by name to SSH.NET 2026.0.0 (pinned in Directory.Packages.props); the tunnel
/// tests go through them, so an upgrade that renames them fails the tests, not a person's tunnel.
/// </summary>
internal static class SshNetSession
{
    /// <summary>The client's current session, or null before it connects.</summary>
    public static Session? Of(BaseClient client) => GetSession(client) as Session;

    /// <summary>The session's socket to the server (or to the proxy bridge); null once it is closed.</summary>
    public static Socket? SocketOf(Session session) => SessionSocket(session);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Session")]
    [return: UnsafeAccessorType("Renci.SshNet.ISession, Renci.SshNet")]
    private static extern object? GetSession(BaseClient client);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_socket")]
    private static extern ref Socket? SessionSocket(Session session);
}
