namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>Why StreamJsonRpc's reflection-based entry points are safe in the natively compiled sidecar.</summary>
internal static class Aot
{
    /// <summary>Shared by the few StreamJsonRpc calls the trimming and AOT analyzers cannot see through.</summary>
    public const string RpcJustification =
        "Every type that crosses the RPC is listed in RpcJsonContext, the formatter's only type-info resolver, so nothing is "
        + "serialized by reflection or by emitted code; the contract's methods stay because RemoteJupyterService implements them. "
        + "The native build is checked by running the extension's RPC tests and the bench's sidecar probe against it.";
}
