using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nerdbank.Streams;
using RemoteJupyter.Sidecar.Demo;
using RemoteJupyter.Sidecar.Hosting;
using RemoteJupyter.Sidecar.Rpc;
using StreamJsonRpc;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>The sidecar's host on one end of an in-memory pipe, an extension-like client on the other.</summary>
public sealed class RpcSession : IAsyncDisposable
{
    private RpcSession(IHost host, JsonRpc client)
    {
        Host = host;
        Client = client;
    }

    public IHost Host { get; }

    public JsonRpc Client { get; }

    public static async Task<RpcSession> StartAsync(Action<JsonRpc>? configure = null)
    {
        var (serverSide, clientSide) = FullDuplexStream.CreatePair();
        var host = SidecarHost.CreateRpcHost(new SidecarStreams(serverSide, serverSide), new LoggingOptions(LogLevel.Warning), clientPid: null);
        await host.StartAsync();
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        formatter.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        var client = new RawErrorDataClient(new HeaderDelimitedMessageHandler(clientSide, clientSide, formatter));
        configure?.Invoke(client);
        client.StartListening();
        return new RpcSession(host, client);
    }

    /// <summary>connection/open to the fixture host through its own ssh config.</summary>
    public Task<ConnectionResult> OpenAsync(ThrowawaySshHost host, CancellationToken cancellationToken) =>
        Client.InvokeWithParameterObjectAsync<ConnectionResult>(
            "connection/open", new { host = host.Alias, configFile = host.SshConfigPath }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.StopAsync();
        Host.Dispose();
    }
}

/// <summary>Keeps error data as raw JSON, the way the TypeScript client sees it.</summary>
internal sealed class RawErrorDataClient(IJsonRpcMessageHandler handler) : JsonRpc(handler)
{
    protected override Type? GetErrorDetailsDataType(StreamJsonRpc.Protocol.JsonRpcError error) => typeof(JsonElement);
}
