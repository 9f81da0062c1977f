using System.Text.Json;
using System.Text.Json.Serialization;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Sidecar.Bench;
using RemoteJupyter.Sidecar.Rpc;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>Compile-time JSON metadata for what the verbs print with <c>--json</c> (camelCase, indented).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(List<EnvironmentJson>))]
[JsonSerializable(typeof(EnvironmentJson))]
[JsonSerializable(typeof(ImageEnvironmentJson))]
[JsonSerializable(typeof(IReadOnlyList<RegisteredKernel>))]
[JsonSerializable(typeof(List<ServerInfo>))]
[JsonSerializable(typeof(IReadOnlyList<RemoteJupyter.Core.Sources.Hub.HubServer>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
}

/// <summary>The one line <c>test-host</c> prints (camelCase, not indented: readers take one line).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TestHostInfo))]
[JsonSerializable(typeof(TestSlurmInfo))]
internal sealed partial class TestHostJsonContext : JsonSerializerContext
{
}

/// <summary><c>bench --json</c>: a row that was not measured is NaN, which JSON can only say as a named literal.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(BenchFigures))]
internal sealed partial class BenchJsonContext : JsonSerializerContext
{
}
