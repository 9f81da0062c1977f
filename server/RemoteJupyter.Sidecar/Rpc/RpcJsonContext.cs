using System.Text.Json;
using System.Text.Json.Serialization;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>
/// Compile-time JSON metadata for everything that crosses the RPC: parameters, results, notifications, prompts and
/// error data. The formatter uses only this, so a type missing here fails in every test, not only in the natively
/// compiled sidecar, which cannot serialize by reflection.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(double?))]
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
// Notifications and prompts are sent as parameter objects, whose members go out by their run-time type: boxed numbers,
// and lists as a string[] (a collection expression would make a compiler-generated type that no resolver knows).
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(InitializeResult))]
[JsonSerializable(typeof(ProgressValue))]
// The formatter's own converter turns a progress token into an IProgress; the resolver must still know the type.
[JsonSerializable(typeof(IProgress<ProgressValue>))]
[JsonSerializable(typeof(IReadOnlyList<HostEntry>))]
[JsonSerializable(typeof(ConnectionResult))]
[JsonSerializable(typeof(EnvironmentList))]
[JsonSerializable(typeof(CreateEnvironmentParams))]
[JsonSerializable(typeof(CreatedEnvironmentInfo))]
[JsonSerializable(typeof(DeletedEnvironmentInfo))]
[JsonSerializable(typeof(KernelRegistrationInfo))]
[JsonSerializable(typeof(UnregisteredKernelInfo))]
[JsonSerializable(typeof(EnvironmentParams))]
[JsonSerializable(typeof(ServerParams))]
[JsonSerializable(typeof(ServerStartResult))]
[JsonSerializable(typeof(IReadOnlyList<ServerInfo>))]
[JsonSerializable(typeof(ServerLog))]
[JsonSerializable(typeof(StopResult))]
[JsonSerializable(typeof(ConnectionStateChange))]
[JsonSerializable(typeof(ServerLogLines))]
[JsonSerializable(typeof(ServersChanged))]
[JsonSerializable(typeof(HostKeyPrompt))]
[JsonSerializable(typeof(HostKeyAnswer))]
[JsonSerializable(typeof(SecretPrompt))]
[JsonSerializable(typeof(SecretAnswer))]
[JsonSerializable(typeof(UrlSourceResult))]
[JsonSerializable(typeof(IReadOnlyList<UrlSourceInfo>))]
[JsonSerializable(typeof(IReadOnlyList<KernelSpecInfo>))]
[JsonSerializable(typeof(HubLoginResult))]
[JsonSerializable(typeof(HubTokenInfoResult))]
[JsonSerializable(typeof(HubServerInfo))]
[JsonSerializable(typeof(IReadOnlyList<HubServerInfo>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, JsonElement>))]
[JsonSerializable(typeof(CertificatePrompt))]
[JsonSerializable(typeof(CertificateAnswer))]
[JsonSerializable(typeof(ContainerList))]
[JsonSerializable(typeof(ImageCheckInfo))]
[JsonSerializable(typeof(BuiltImageInfo))]
[JsonSerializable(typeof(SlurmInfo))]
[JsonSerializable(typeof(SlurmParams))]
[JsonSerializable(typeof(SlurmStartResult))]
[JsonSerializable(typeof(SlurmJobInfo))]
[JsonSerializable(typeof(IReadOnlyList<SlurmJobInfo>))]
// $/cancelRequest's id: StreamJsonRpc's own converter reads it, the resolver must still know the type.
[JsonSerializable(typeof(RequestId))]
[JsonSerializable(typeof(RpcErrorData))]
[JsonSerializable(typeof(CommonErrorData))]
internal sealed partial class RpcJsonContext : JsonSerializerContext
{
}
