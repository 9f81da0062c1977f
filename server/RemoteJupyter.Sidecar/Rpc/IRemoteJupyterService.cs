using System.Text.Json;
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
    /// starts one (concurrent calls for the same environment start one server); then opens a verified tunnel. With
    /// environment.image or environment.dockerfile, Jupyter runs in a container (built first from a Dockerfile).
    /// </summary>
    [JsonRpcMethod("servers/start")]
    Task<ServerStartResult> StartServerAsync(string connectionId, EnvironmentParams? environment = null, ServerParams? server = null, IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The container engines on the host (podman, docker, the podman-docker shim: version, rootless, usable or why not) and,
    /// with includeImages, the usable ones' local images as container environments: one round trip.
    /// </summary>
    [JsonRpcMethod("containers/list")]
    Task<ContainerList> ListContainersAsync(string connectionId, bool includeImages = true, CancellationToken cancellationToken = default);

    /// <summary>Runs the image's python3 once: does it have jupyter_server and ipykernel? If not, advice says what to add to the Dockerfile.</summary>
    [JsonRpcMethod("containers/check")]
    Task<ImageCheckInfo> CheckImageAsync(string connectionId, string image, string? engine = null, CancellationToken cancellationToken = default);

    /// <summary>Builds an image from the Dockerfile in a folder on the host (tag default remote-jupyter/FOLDER:latest); the build log streams as <c>$/progress</c> output. Cancel stops the build.</summary>
    [JsonRpcMethod("containers/build")]
    Task<BuiltImageInfo> BuildImageAsync(
        string connectionId, string directory, string? tag = null, string? engine = null, IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Lists this user's servers on the connection's host.</summary>
    /// <summary>Slurm on the host (sinfo, sbatch, SLURM_CONF in the login environment) and its partitions, in one round trip.</summary>
    [JsonRpcMethod("slurm/detect")]
    Task<SlurmInfo> DetectSlurmAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Submits a Jupyter job and returns once it answers through a tunnel via the login node. Progress reports the queue
    /// (state and reason while pending); cancelling scancels the job.
    /// </summary>
    [JsonRpcMethod("slurm/start")]
    Task<SlurmStartResult> StartSlurmAsync(
        string connectionId, SlurmParams? slurm = null, string? stateDir = null, int localPort = 0, IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a tunnel to a running job's Jupyter again (after a disconnect or a sidecar restart); a job that ended fails with its state and last log lines.
    /// The token is read from Jupyter's runtime file on the host; <c>token</c> (kept by the client) is used when that file is not readable from the login node.
    /// </summary>
    [JsonRpcMethod("slurm/attach")]
    Task<SlurmStartResult> AttachSlurmAsync(
        string connectionId, string serverId, string? stateDir = null, int localPort = 0, string? token = null, CancellationToken cancellationToken = default);

    /// <summary>The Jupyter jobs this user submitted on the host: state, reason or node, walltime left.</summary>
    [JsonRpcMethod("slurm/jobs")]
    Task<IReadOnlyList<SlurmJobInfo>> ListSlurmJobsAsync(string connectionId, string? stateDir = null, CancellationToken cancellationToken = default);

    /// <summary>Asks the job's Jupyter to shut down, cancels the job and forgets it; How is shut-down, cancelled (Jupyter was not reachable: Slurm's SIGTERM ends it) or not-found.</summary>
    [JsonRpcMethod("slurm/stop")]
    Task<StopResult> StopSlurmAsync(string connectionId, string serverId, string? stateDir = null, CancellationToken cancellationToken = default);

    [JsonRpcMethod("servers/list")]
    Task<IReadOnlyList<ServerInfo>> ListServersAsync(string connectionId, string? stateDir = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a verified tunnel to a server that already runs (after a sidecar restart or a reconnect),
    /// using the token the client kept. Fails with serverNotFound or a refused token.
    /// </summary>
    [JsonRpcMethod("servers/attach")]
    Task<ServerStartResult> AttachServerAsync(string connectionId, string serverId, string token, string? stateDir = null, int localPort = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// The last lines of a server's log, or of a Slurm job's output when <paramref name="serverId"/> names a job. With follow,
    /// the lines (and every new one) arrive as <c>servers/log</c> notifications until the request is cancelled or the server
    /// (the job) ends; the result then has an empty text.
    /// </summary>
    [JsonRpcMethod("servers/logs")]
    Task<ServerLog> GetServerLogsAsync(
        string connectionId, string serverId, int lines = 200, string? stateDir = null, bool follow = false, CancellationToken cancellationToken = default);

    /// <summary>Stops a server and closes our tunnel to it.</summary>
    [JsonRpcMethod("servers/stop")]
    Task<StopResult> StopServerAsync(string connectionId, string serverId, string? stateDir = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds an existing Jupyter server by URL (token, password or none; TLS pinned like a host key, may send
    /// <c>prompt/certificate</c>). Through <paramref name="viaConnectionId"/> the URL is reached from that SSH host.
    /// The result's headers are secrets.
    /// </summary>
    [JsonRpcMethod("sources/add")]
    Task<UrlSourceResult> AddUrlSourceAsync(
        string url, string? token = null, string? password = null, string? viaConnectionId = null, string? pinFile = null,
        IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>The URL sources this sidecar serves.</summary>
    [JsonRpcMethod("sources/list")]
    Task<IReadOnlyList<UrlSourceInfo>> ListSourcesAsync(CancellationToken cancellationToken = default);

    /// <summary>Current headers of a URL source: logs in again with the kept password when its cookie expired.</summary>
    [JsonRpcMethod("sources/renew")]
    Task<UrlSourceResult> RenewUrlSourceAsync(string sourceId, CancellationToken cancellationToken = default);

    /// <summary>The kernelspecs a URL source offers.</summary>
    [JsonRpcMethod("sources/kernels")]
    Task<IReadOnlyList<KernelSpecInfo>> ListSourceKernelsAsync(string sourceId, CancellationToken cancellationToken = default);

    /// <summary>Forgets a URL source and closes its local endpoint; the server itself keeps running.</summary>
    [JsonRpcMethod("sources/remove")]
    Task RemoveSourceAsync(string sourceId, CancellationToken cancellationToken = default);

    /// <summary>Exchanges a hub username and password for an API token (password authenticators only). The token is a secret.</summary>
    [JsonRpcMethod("hub/login")]
    Task<HubLoginResult> HubLoginAsync(string hubUrl, string user, string password, double? expiresInSeconds = null, CancellationToken cancellationToken = default);

    /// <summary>Whose token this is and when it expires; hubTokenRejected when it no longer works.</summary>
    [JsonRpcMethod("hub/tokenInfo")]
    Task<HubTokenInfoResult> HubTokenInfoAsync(string hubUrl, string token, CancellationToken cancellationToken = default);

    /// <summary>
    /// A fresh token made with the current one, before it lapses; the current one is then revoked (best effort, a
    /// warning in the log when it cannot be). tokenId is the current token's id, needed by hubs before 5.0 to revoke it.
    /// </summary>
    [JsonRpcMethod("hub/renewToken")]
    Task<HubLoginResult> HubRenewTokenAsync(
        string hubUrl, string user, string token, double? expiresInSeconds = null, string? tokenId = null, CancellationToken cancellationToken = default);

    /// <summary>The person's servers on the hub: the default one (name "") and named ones.</summary>
    [JsonRpcMethod("hub/servers")]
    Task<IReadOnlyList<HubServerInfo>> HubServersAsync(string hubUrl, string user, string token, CancellationToken cancellationToken = default);

    /// <summary>Starts (spawns) a server, creating a named one if needed; the hub's spawn progress streams as <c>$/progress</c>. Cancel stops a pending spawn.</summary>
    [JsonRpcMethod("hub/start")]
    Task<HubServerInfo> HubStartAsync(
        string hubUrl, string user, string token, string? name = null, IReadOnlyDictionary<string, JsonElement>? options = null,
        IProgress<ProgressValue>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Stops a server; with remove, deletes a named one.</summary>
    [JsonRpcMethod("hub/stop")]
    Task HubStopAsync(string hubUrl, string user, string token, string? name = null, bool remove = false, CancellationToken cancellationToken = default);

    /// <summary>The kernelspecs a running hub server offers.</summary>
    [JsonRpcMethod("hub/kernels")]
    Task<IReadOnlyList<KernelSpecInfo>> HubKernelsAsync(string hubUrl, string user, string token, string? name = null, CancellationToken cancellationToken = default);
}
