using System.Collections.Concurrent;
using System.Security.Cryptography;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>The live connections and tunnels of one RPC session, by id.</summary>
internal sealed class SessionRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, SshConnection> connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string ConnectionId, StartedServer Server)> servers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string ConnectionId, IDisposable Tunnel)> slurmServers = new(StringComparer.Ordinal);

    public string Add(SshConnection connection)
    {
        var id = "c" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        connections[id] = connection;
        return id;
    }

    public void Add(string connectionId, StartedServer server) => servers[server.Server.Id] = (connectionId, server);

    /// <summary>A Slurm job's server: its tunnel lives until the server or its connection is closed.</summary>
    public void Add(string connectionId, string serverId, IDisposable tunnel) => slurmServers[serverId] = (connectionId, tunnel);

    public SshConnection Connection(string connectionId) =>
        connections.TryGetValue(connectionId, out var connection)
            ? connection
            : throw new RemoteJupyterException(ErrorCode.UnknownId, $"No open connection {connectionId}; open one with connection/open.");

    public StartedServer? Server(string serverId) => servers.TryGetValue(serverId, out var entry) ? entry.Server : null;

    public void CloseServer(string serverId)
    {
        if (servers.TryRemove(serverId, out var entry))
        {
            entry.Server.Dispose();
        }

        if (slurmServers.TryRemove(serverId, out var slurm))
        {
            slurm.Tunnel.Dispose();
        }
    }

    public void CloseConnection(string connectionId)
    {
        var ids = servers.Where(s => s.Value.ConnectionId == connectionId).Select(s => s.Key)
            .Concat(slurmServers.Where(s => s.Value.ConnectionId == connectionId).Select(s => s.Key)).ToList();
        foreach (var serverId in ids)
        {
            CloseServer(serverId);
        }

        if (connections.TryRemove(connectionId, out var connection))
        {
            connection.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var id in connections.Keys.ToList())
        {
            CloseConnection(id);
        }
    }
}
