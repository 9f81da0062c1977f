using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.Core.Json;

/// <summary>
/// Compile-time JSON metadata for what Core reads and writes in the web (camelCase) convention: state.json records,
/// the server's health probe, Jupyter's REST bodies. No serializer code is generated at run time, so a natively
/// compiled (AOT) sidecar reads them exactly as the JIT-compiled one does.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RemoteServer))]
[JsonSerializable(typeof(ServerHealth))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class CoreJsonContext : JsonSerializerContext
{
}
