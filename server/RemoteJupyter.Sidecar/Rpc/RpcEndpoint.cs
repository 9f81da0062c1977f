using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using RemoteJupyter.Core.Errors;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>
/// JSON-RPC over a stream pair the way LSP does it: Content-Length headers, camelCase JSON,
/// <c>$/cancelRequest</c> and <c>$/progress</c>. Failures carry our stable error code.
/// Message tracing is deliberately not wired: results can hold a server token.
/// </summary>
internal sealed class RpcEndpoint : JsonRpc
{
    private RpcEndpoint(IJsonRpcMessageHandler handler)
        : base(handler)
    {
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = Aot.RpcJustification)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = Aot.RpcJustification)]
    // The formatter makes its IProgress<T> converter with MakeGenericType and Activator.CreateInstance; without this the
    // native build drops the constructor and every request carrying a progress token fails as "method not found".
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.NonPublicConstructors, "StreamJsonRpc.SystemTextJsonFormatter.ProgressConverterFactory.Converter`1", "StreamJsonRpc")]
    public static RpcEndpoint Create(Stream input, Stream output, RemoteJupyterService service)
    {
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        formatter.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        formatter.JsonSerializerOptions.TypeInfoResolver = RpcJsonContext.Default;
        var rpc = new RpcEndpoint(new HeaderDelimitedMessageHandler(output, input, formatter));
        rpc.AddLocalRpcTarget<IRemoteJupyterService>(service, new JsonRpcTargetOptions { DisposeOnDisconnect = false });
        service.Attach(rpc);
        return rpc;
    }

    /// <inheritdoc/>
    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        var failure = exception as RemoteJupyterException ?? exception.InnerException as RemoteJupyterException;
        if (failure is null)
        {
            return base.CreateErrorDetails(request, exception);
        }

        return new JsonRpcError.ErrorDetail
        {
            Code = (JsonRpcErrorCode)(int)failure.Code,
            Message = failure.Message,
            Data = new RpcErrorData(JsonNaming.Camel(failure.Code.ToString())),
        };
    }
}

/// <summary>The <c>data</c> of an error response: the error code's stable name.</summary>
internal sealed record RpcErrorData(string Name);
