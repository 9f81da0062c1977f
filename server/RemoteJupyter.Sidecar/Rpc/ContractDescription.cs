using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using StreamJsonRpc;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>
/// The contract as data: method names and their named parameters, read from
/// <see cref="IRemoteJupyterService"/> by reflection so it can never drift from the code.
/// </summary>
internal static class ContractDescription
{
    private static readonly string[] ClientRequests = ["prompt/hostKey", "prompt/secret", "prompt/certificate"];
    private static readonly string[] Notifications = ["$/progress", "$/cancelRequest", "connection/state", "servers/changed", "servers/log"];

    /// <summary>Notifications the sidecar sends on its own (not LSP plumbing).</summary>
    public static IReadOnlyList<string> SidecarNotifications { get; } = ["connection/state", "servers/changed", "servers/log"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // Declared after the arrays it uses: static initializers run in text order.
    /// <summary>Every method, sidecar → client requests included.</summary>
    public static IReadOnlyList<string> MethodNames { get; } =
        Methods().Select(m => m.Name).Concat(ClientRequests).ToList();

    public static string ToJson()
    {
        // Built as a JSON tree rather than serialized from anonymous types: no serializer metadata needed.
        var requests = new JsonArray();
        foreach (var (name, parameters) in Methods())
        {
            requests.Add((JsonNode)new JsonObject { ["name"] = name, ["parameters"] = Strings(parameters) });
        }

        return new JsonObject { ["requests"] = requests, ["clientRequests"] = Strings(ClientRequests), ["notifications"] = Strings(Notifications) }
            .ToJsonString(Indented);
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static IEnumerable<(string Name, string[] Parameters)> Methods() =>
        typeof(IRemoteJupyterService).GetMethods()
            .Select(m => (
                Name: m.GetCustomAttribute<JsonRpcMethodAttribute>()?.Name ?? m.Name,
                Parameters: m.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)).Select(p => p.Name!).ToArray()))
            .OrderBy(m => m.Name, StringComparer.Ordinal);
}
