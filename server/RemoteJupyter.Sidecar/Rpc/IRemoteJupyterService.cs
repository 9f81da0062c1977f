using StreamJsonRpc;

namespace RemoteJupyter.Sidecar.Rpc;

/// <summary>
/// The sidecar's JSON-RPC contract. Every parameter is named: the extension sends one object whose
/// properties match these parameter names. <c>extension/src/sidecar/contract.ts</c> mirrors this file;
/// <c>remote-jupyter contract</c> prints it so a test can compare the two.
/// </summary>
[JsonRpcContract]
public partial interface IRemoteJupyterService
{
    /// <summary>First request of a session: versions and capabilities.</summary>
    [JsonRpcMethod("initialize")]
    Task<InitializeResult> InitializeAsync(string clientName, string? clientVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Closes every tunnel and connection; servers keep running. The sidecar exits afterwards.</summary>
    [JsonRpcMethod("shutdown")]
    Task ShutdownAsync(CancellationToken cancellationToken = default);

    /// <summary>The Host aliases of the person's ssh config (patterns left out), as <c>ssh</c> would resolve them.</summary>
    [JsonRpcMethod("hosts/list")]
    Task<IReadOnlyList<HostEntry>> ListHostsAsync(string? configFile = null, CancellationToken cancellationToken = default);

    /// <summary>Connects to <paramref name="host"/> (alias or user@host[:port]). May send prompt/* requests.</summary>
    [JsonRpcMethod("connection/open")]
    Task<ConnectionResult> OpenConnectionAsync(string host, string? configFile = null, IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Disconnects; tunnels through it close, remote servers keep running.</summary>
    [JsonRpcMethod("connection/close")]
    Task CloseConnectionAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Every Python environment and kernelspec found on the host, in one round trip, within timeoutSeconds (default 10).</summary>
    [JsonRpcMethod("environments/list")]
    Task<EnvironmentList> ListEnvironmentsAsync(
        string connectionId, string? searchPath = null, IReadOnlyList<string>? roots = null, double? timeoutSeconds = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a venv, conda or uv environment; the tools' output streams as <c>$/progress</c>. Cancel removes it.</summary>
    [JsonRpcMethod("environments/create")]
    Task<CreatedEnvironmentInfo> CreateEnvironmentAsync(
        string connectionId, CreateEnvironmentParams environment, IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an environment (only a folder that holds one) and this user's kernels that run it.</summary>
    [JsonRpcMethod("environments/delete")]
    Task<DeletedEnvironmentInfo> DeleteEnvironmentAsync(string connectionId, string path, CancellationToken cancellationToken = default);

    /// <summary>Registers an interpreter as a kernel for this user; kernel.json is checked to run exactly it.</summary>
    [JsonRpcMethod("kernels/register")]
    Task<KernelRegistrationInfo> RegisterKernelAsync(
        string connectionId, string pythonPath, string name, string? displayName = null, CancellationToken cancellationToken = default);

    /// <summary>Removes one of this user's kernels.</summary>
    [JsonRpcMethod("kernels/unregister")]
    Task<UnregisteredKernelInfo> UnregisterKernelAsync(string connectionId, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reattaches to this user's running server for the same environment and folder, or prepares the environment and
    /// starts one (concurrent calls for the same environment start one server); then opens a verified tunnel.
    /// </summary>
    [JsonRpcMethod("servers/start")]
    Task<ServerStartResult> StartServerAsync(string connectionId, EnvironmentParams? environment = null, ServerParams? server = null, IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Lists this user's servers on the connection's host.</summary>
    [JsonRpcMethod("servers/list")]
    Task<IReadOnlyList<ServerInfo>> ListServersAsync(string connectionId, string? stateDir = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a verified tunnel to a server that already runs (after a sidecar restart or a reconnect),
    /// using the token the client kept. Fails with serverNotFound or a refused token.
    /// </summary>
    [JsonRpcMethod("servers/attach")]
    Task<ServerStartResult> AttachServerAsync(string connectionId, string serverId, string token, string? stateDir = null, int localPort = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// The last lines of a server's log. With follow, the lines (and every new one) arrive as <c>servers/log</c>
    /// notifications until the request is cancelled or the server exits; the result then has an empty text.
    /// </summary>
    [JsonRpcMethod("servers/logs")]
    Task<ServerLog> GetServerLogsAsync(
        string connectionId, string serverId, int lines = 200, string? stateDir = null, bool follow = false, CancellationToken cancellationToken = default);

    /// <summary>Stops a server and closes our tunnel to it.</summary>
    [JsonRpcMethod("servers/stop")]
    Task<StopResult> StopServerAsync(string connectionId, string serverId, string? stateDir = null, CancellationToken cancellationToken = default);
}
