namespace RemoteJupyter.Core.Errors;

/// <summary>
/// Stable error codes shared by the CLI (exit codes) and the RPC contract (error data).
/// Numbers never change meaning once released; add new ones at the end of a range.
/// </summary>
public enum ErrorCode
{
    /// <summary>Something we did not anticipate; the message carries the detail.</summary>
    Unexpected = 1,

    /// <summary>The person cancelled the operation.</summary>
    Cancelled = 2,

    /// <summary>A host argument or ssh_config entry could not be understood.</summary>
    InvalidHost = 100,

    /// <summary>TCP connection to the SSH server failed or timed out.</summary>
    ConnectionFailed = 101,

    /// <summary>The server's host key differs from the one in known_hosts.</summary>
    HostKeyChanged = 102,

    /// <summary>The server's host key is not known and was not accepted.</summary>
    HostKeyNotTrusted = 103,

    /// <summary>The server's host key is marked @revoked.</summary>
    HostKeyRevoked = 104,

    /// <summary>Every authentication method was refused.</summary>
    AuthenticationFailed = 105,

    /// <summary>A private key file could not be read or decrypted.</summary>
    KeyUnreadable = 106,

    /// <summary>The SSH connection dropped during an operation.</summary>
    ConnectionLost = 107,

    /// <summary>The server offers only algorithms we refuse as weak (SHA-1 key exchange, CBC ciphers, …).</summary>
    WeakAlgorithmsOnly = 108,

    /// <summary>No usable python3 on the remote.</summary>
    PythonNotFound = 200,

    /// <summary>Creating a virtual environment failed.</summary>
    EnvironmentCreationFailed = 201,

    /// <summary>jupyter_server or ipykernel is not importable by the chosen Python.</summary>
    JupyterMissing = 202,

    /// <summary>A remote command failed unexpectedly.</summary>
    RemoteCommandFailed = 203,

    /// <summary>A name or path given for an environment or kernel is not acceptable (the message says why).</summary>
    InvalidEnvironmentName = 204,

    /// <summary>Registering or removing a kernelspec failed.</summary>
    KernelRegistrationFailed = 205,

    /// <summary>The path does not hold an environment, or not one of the expected kind.</summary>
    EnvironmentNotFound = 206,

    /// <summary>The remote port chosen for Jupyter is already in use.</summary>
    RemotePortInUse = 300,

    /// <summary>Jupyter exited or never answered /api/status.</summary>
    ServerStartFailed = 301,

    /// <summary>The local port requested for the tunnel is already in use.</summary>
    LocalPortInUse = 302,

    /// <summary>No server with that id is known on the host.</summary>
    ServerNotFound = 303,

    /// <summary>Another client has been starting the same server for too long (the host's start lock is held).</summary>
    ServerBusy = 304,

    /// <summary>An RPC id (connection, server) does not name a live object.</summary>
    UnknownId = 400,

    /// <summary>A request parameter has a value the sidecar does not know (e.g. an unknown persistence mode).</summary>
    InvalidArgument = 401,

    /// <summary>A Jupyter server URL or JupyterHub URL could not be understood.</summary>
    InvalidServerUrl = 500,

    /// <summary>An existing server or hub did not answer (refused, timed out, DNS).</summary>
    ServerUnreachable = 501,

    /// <summary>The server's TLS certificate is neither trusted by the system nor pinned, and was not accepted.</summary>
    CertificateNotTrusted = 502,

    /// <summary>The server's TLS certificate differs from the one pinned for it.</summary>
    CertificateChanged = 503,

    /// <summary>A password, token or hub login was refused.</summary>
    ServerLoginFailed = 504,

    /// <summary>A hub API token is expired or revoked: log in again.</summary>
    HubTokenRejected = 505,

    /// <summary>The hub could not start (spawn) the server, or stopped it while starting.</summary>
    HubSpawnFailed = 506,

    /// <summary>The hub does not know that user or named server.</summary>
    HubServerNotFound = 507,

    /// <summary>Neither podman nor docker (or not the one asked for) is installed on the host.</summary>
    ContainerEngineMissing = 600,

    /// <summary>The engine is there but the person may not use it (not in the docker group, daemon down, no subuids).</summary>
    ContainerEngineUnusable = 601,

    /// <summary>The image lacks Python, jupyter_server or ipykernel; the message says what to add to the Dockerfile.</summary>
    ImageWithoutJupyter = 602,

    /// <summary>Building an image from a Dockerfile failed; the message ends with the build log.</summary>
    ImageBuildFailed = 603,

    /// <summary>The image does not exist on the host and could not be pulled.</summary>
    ImageNotFound = 604,

    /// <summary>The host has no Slurm: sinfo or sbatch is not on the login shell's PATH.</summary>
    SlurmMissing = 700,

    /// <summary>sbatch refused the job (a bad partition, time, account or option); the message carries Slurm's reason.</summary>
    SlurmSubmitFailed = 701,

    /// <summary>The job ended before Jupyter answered, or while it ran (TIMEOUT, PREEMPTED, NODE_FAIL, OUT_OF_MEMORY, CANCELLED, FAILED).</summary>
    SlurmJobEnded = 702,

    /// <summary>
    /// The job runs, but where Jupyter listens cannot be reached from the login node (its loopback on another host). No longer
    /// raised: such a job is reached by a jump to the node (and a refused jump is <see cref="SlurmNodeSshRefused"/>).
    /// </summary>
    SlurmNodeUnreachable = 703,

    /// <summary>SSH to the job's node, through the login node, was refused (the cluster does not allow it, or not with these credentials).</summary>
    SlurmNodeSshRefused = 704,
}
