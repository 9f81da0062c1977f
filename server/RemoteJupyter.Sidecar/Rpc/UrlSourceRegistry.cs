using System.Collections.Concurrent;
using System.Security.Cryptography;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Sources.Urls;
using RemoteJupyter.Core.Tunnels;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>The URL sources of one RPC session, by id, with the SSH tunnel that reaches one when it came through a host.</summary>
internal sealed class UrlSourceRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (ExistingServerSession Session, LocalTunnel? Tunnel)> sources = new(StringComparer.Ordinal);

    public string Add(ExistingServerSession session, LocalTunnel? tunnel)
    {
        var id = "u" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        sources[id] = (session, tunnel);
        return id;
    }

    public IEnumerable<KeyValuePair<string, ExistingServerSession>> All =>
        sources.Select(s => KeyValuePair.Create(s.Key, s.Value.Session));

    public ExistingServerSession Get(string sourceId) =>
        sources.TryGetValue(sourceId, out var entry)
            ? entry.Session
            : throw new RemoteJupyterException(ErrorCode.UnknownId, $"No server source {sourceId}; add it again with sources/add.");

    public async Task RemoveAsync(string sourceId)
    {
        if (sources.TryRemove(sourceId, out var entry))
        {
            await entry.Session.DisposeAsync();
            entry.Tunnel?.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in sources.Keys.ToList())
        {
            await RemoveAsync(id);
        }
    }
}
