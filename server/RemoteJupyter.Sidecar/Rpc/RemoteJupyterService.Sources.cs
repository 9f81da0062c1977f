using System.Net;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sources.Urls;
using RemoteJupyter.Core.Tunnels;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>sources/*: Jupyter servers that already run somewhere, reached by URL.</summary>
internal sealed partial class RemoteJupyterService
{
    public async Task<UrlSourceResult> AddUrlSourceAsync(
        string url, string? token = null, string? password = null, string? viaConnectionId = null, string? pinFile = null,
        IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default)
    {
        var address = ServerAddress.Parse(url);
        LocalTunnel? tunnel = null;
        DnsEndPoint? dial = null;
        if (viaConnectionId is not null)
        {
            // The URL names a host as the SSH host sees it (often its own loopback): reach it through a tunnel.
            var connection = registry.Connection(viaConnectionId);
            var target = address.BaseUrl;
            tunnel = LocalTunnel.Open(connection, target.IdnHost, target.Port, localPort: 0, loggerFactory.CreateLogger<LocalTunnel>());
            dial = new DnsEndPoint(IPAddress.Loopback.ToString(), tunnel.LocalPort);
        }

        try
        {
            var request = new ExistingServerRequest(url, token ?? address.TokenFromUrl, password) { PinFile = pinFile, Dial = dial };
            var steps = progress is null ? null : new SynchronousProgress<string>(line => progress.Report(new ProgressValue("reachingServer", "step", line)));
            var session = await existingServers.ConnectAsync(request, Prompts(), steps, cancellationToken);
            var id = urlSources.Add(session, tunnel);
            tunnel = null;
            return UrlResult(id, session, session.Headers);
        }
        finally
        {
            tunnel?.Dispose();
        }
    }

    public Task<IReadOnlyList<UrlSourceInfo>> ListSourcesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<UrlSourceInfo>>(urlSources.All
            .Select(s => new UrlSourceInfo(s.Key, s.Value.Address.Display, s.Value.LocalBaseUrl.ToString(), AuthName(s.Value.Auth), s.Value.CertificateFingerprint))
            .ToList());

    public async Task<UrlSourceResult> RenewUrlSourceAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        var session = urlSources.Get(sourceId);
        var headers = await session.RenewAsync(cancellationToken);
        return UrlResult(sourceId, session, headers);
    }

    public async Task<IReadOnlyList<KernelSpecInfo>> ListSourceKernelsAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        var session = urlSources.Get(sourceId);
        using var client = session.CreateClient();
        return KernelSpecs(await client.ListKernelSpecsAsync(cancellationToken));
    }

    public Task RemoveSourceAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        urlSources.Get(sourceId);
        return urlSources.RemoveAsync(sourceId);
    }

    private static UrlSourceResult UrlResult(string id, ExistingServerSession session, IReadOnlyDictionary<string, string> headers) =>
        new(id, session.Address.Display, session.LocalBaseUrl.ToString(), AuthName(session.Auth), headers, session.CertificateFingerprint);

    private static string AuthName(ServerAuthKind kind) => JsonNaming.Camel(kind.ToString());

    private static List<KernelSpecInfo> KernelSpecs(KernelSpecList list) =>
        list.Specs.Select(s => new KernelSpecInfo(s.Name, s.DisplayName, s.Language)).ToList();
}
