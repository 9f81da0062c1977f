using RemoteJupyter.Core.Jupyter;

namespace RemoteJupyter.Sidecar.Rpc;

// The RPC's data shapes. camelCase on the wire; null members are omitted.

/// <summary>Result of <c>initialize</c>.</summary>
public sealed record InitializeResult(string ServerName, string ServerVersion, int ProtocolVersion, IReadOnlyList<string> Methods);

/// <summary><c>$/progress</c> value: a stage and whether it starts or completes, plus a readable line.</summary>
public sealed record ProgressValue(string Stage, string State, string Message);

/// <summary>One Host alias of an ssh config, resolved.</summary>
public sealed record HostEntry(string Alias, string HostName, string User, int Port);

/// <summary>
/// A Python environment on the host (<c>environments/list</c>). Kind: system, venv, virtualenv, conda, uv or pyenv;
/// Path is its prefix (for a system Python, the interpreter); KernelName the registered kernel that runs it.
/// </summary>
public sealed record EnvironmentInfo(
    string Kind,
    string Path,
    string PythonPath,
    string Version,
    bool HasJupyterServer,
    bool HasIpykernel,
    bool CanServe,
    string? KernelName = null,
    string? Name = null,
    bool SystemSitePackages = false);

/// <summary>A kernelspec on the host.</summary>
public sealed record KernelInfo(string Name, string DisplayName, string Directory, string? PythonPath = null, string? Language = null);

/// <summary>Result of <c>environments/list</c>. When discovery ran out of time, the lists are partial and a warning says so.</summary>
public sealed record EnvironmentList(IReadOnlyList<EnvironmentInfo> Environments, IReadOnlyList<KernelInfo> Kernels, IReadOnlyList<string> Warnings, bool TimedOut);

/// <summary>What <c>environments/create</c> makes. Kind: venv, conda or uv. Requirements and EnvironmentFile are file contents.</summary>
public sealed record CreateEnvironmentParams(
    string Kind,
    string Path,
    bool SystemSitePackages = false,
    string? Requirements = null,
    IReadOnlyList<string>? Packages = null,
    string? EnvironmentFile = null,
    string? PythonVersion = null,
    string? BasePython = null,
    string? Tool = null,
    string? KernelName = null,
    string? KernelDisplayName = null);

/// <summary>A kernel registered for an environment; Repaired when its kernel.json had to be corrected.</summary>
public sealed record KernelRegistrationInfo(string Name, string DisplayName, string Directory, string PythonPath, bool Repaired);

/// <summary>Result of <c>environments/create</c>.</summary>
public sealed record CreatedEnvironmentInfo(string Kind, string Path, string PythonPath, string Version, KernelRegistrationInfo? Kernel = null);

/// <summary>Result of <c>environments/delete</c>: the kernels that ran it went too.</summary>
public sealed record DeletedEnvironmentInfo(string Path, IReadOnlyList<string> RemovedKernels);

/// <summary>Result of <c>kernels/unregister</c>.</summary>
public sealed record UnregisteredKernelInfo(string Name, string Directory);

/// <summary>Result of <c>servers/logs</c>.</summary>
public sealed record ServerLog(string ServerId, string LogPath, string Text);

/// <summary>
/// Notification <c>connection/state</c>: the SSH connection is "reconnecting" (tunnels keep their local ports;
/// <c>Attempt</c> is the next try, <c>RetryInSeconds</c> the wait before it), "connected" again, or "lost" (given up;
/// its tunnels are closed).
/// </summary>
public sealed record ConnectionStateChange(string ConnectionId, string State, string Message, int? Attempt = null, double? RetryInSeconds = null);

/// <summary>Result of <c>connection/open</c>.</summary>
public sealed record ConnectionResult(string ConnectionId, string User, string HostName, int Port);

/// <summary>
/// Which Python to use; all optional. Image (a name or id) or Dockerfile (a folder on the host to build one from) runs
/// Jupyter in a container instead, with Engine (podman or docker; default the first usable, podman first).
/// </summary>
public sealed record EnvironmentParams(
    string? VenvPath = null, bool SystemSitePackages = false, string? PythonPath = null, string? SearchPath = null, string? EnvironmentPath = null,
    string? Image = null, string? Dockerfile = null, string? Engine = null);

/// <summary>
/// Server choices; all optional. Idle shutdown and resource limits map onto jupyter_server options, nice, and a systemd user
/// scope's MemoryMax or ulimit -v. Reuse (default true) reattaches to a running server for the same environment and folder.
/// Persistence: detached (default) or tmux. Containers only: Cpus (--cpus), Gpus (--gpus all / --device nvidia.com/gpu=all),
/// ContainerNetwork host (default: --network=host, Jupyter on 127.0.0.1) or publish (-p 127.0.0.1:PORT:8888); MemoryLimitMb is --memory.
/// </summary>
public sealed record ServerParams(
    string? WorkingDirectory = null,
    int? RemotePort = null,
    int LocalPort = 0,
    string? StateDir = null,
    int? StartTimeoutSeconds = null,
    IReadOnlyList<string>? ExtraArgs = null,
    int? IdleShutdownMinutes = null,
    int? NiceLevel = null,
    int? MemoryLimitMb = null,
    bool? Reuse = null,
    string? Persistence = null,
    double? Cpus = null,
    bool? Gpus = null,
    string? ContainerNetwork = null);

/// <summary>
/// Result of <c>servers/start</c> and <c>servers/attach</c>. <see cref="Token"/> is a secret: clients must keep it out of traces.
/// Reused: an already running server was reattached. Warnings: things the person should know about how it runs. Container and
/// Image: set when it runs in a container.
/// </summary>
public sealed record ServerStartResult(
    string ServerId,
    string Url,
    int LocalPort,
    int RemotePort,
    int Pid,
    string Python,
    string PythonVersion,
    string Token,
    bool Reused = false,
    IReadOnlyList<string>? Warnings = null,
    string? Container = null,
    string? Image = null);

/// <summary>
/// One entry of <c>servers/list</c>: every live server of this user on the host (stale records are removed when listing).
/// Kernels, connections, last activity and memory (RSS of the server and its kernels) come from the server itself; null when it did not answer.
/// A container server names its Container, Engine and Image; one whose container exited is listed with Alive false, its ExitCode and LastLogLines.
/// </summary>
public sealed record ServerInfo(
    string ServerId,
    int Pid,
    int RemotePort,
    string Python,
    string? EnvironmentPath,
    string WorkingDirectory,
    DateTimeOffset StartedAt,
    bool Alive,
    string? LocalUrl,
    double UptimeSeconds = 0,
    bool Responding = false,
    int? Kernels = null,
    int? Connections = null,
    DateTimeOffset? LastActivity = null,
    long? MemoryBytes = null,
    string? Persistence = null,
    string? MemoryLimit = null,
    string? Container = null,
    string? Engine = null,
    string? Image = null,
    int? ExitCode = null,
    IReadOnlyList<string>? LastLogLines = null)
{
    /// <summary>The view of a listed server, for <c>servers/list</c> and <c>servers --json</c> alike.</summary>
    public static ServerInfo From(RemoteServer server, DateTimeOffset now, string? localUrl) => new(
        server.Id, server.Pid, server.Port, server.Python, server.EnvironmentPath, server.WorkingDirectory, server.StartedAt, server.Alive,
        localUrl,
        Math.Floor(ServerUptime.Since(server.StartedAt, now).TotalSeconds),
        server.Health?.Responding ?? false,
        server.Health?.Kernels,
        server.Health?.Connections,
        server.Health?.LastActivity,
        server.Health?.RssBytes,
        server.Persistence ?? "detached",
        server.MemoryLimit,
        server.Container,
        server.Engine,
        server.Image,
        server.ExitCode,
        server.LastLogLines);
}

/// <summary>Result of <c>servers/stop</c>: shut-down (Jupyter's own shutdown), terminated, killed or not-running.</summary>
public sealed record StopResult(string How);

/// <summary>Notification <c>servers/log</c>: new lines of a followed server log (<c>servers/logs</c> with follow).</summary>
public sealed record ServerLogLines(string ServerId, IReadOnlyList<string> Lines);

/// <summary>Notification <c>servers/changed</c>: Change is started, reattached or stopped; list again for details.</summary>
public sealed record ServersChanged(string ConnectionId, string ServerId, string Change);

/// <summary>Sidecar → client request <c>prompt/hostKey</c>.</summary>
public sealed record HostKeyPrompt(string Host, string KeyType, string Fingerprint, string KnownHostsFile);

/// <summary>Client's answer to <c>prompt/hostKey</c>: reject, acceptOnce or acceptAndRemember.</summary>
public sealed record HostKeyAnswer(string Decision);

/// <summary>Sidecar → client request <c>prompt/secret</c> (passphrase, password, challenge).</summary>
public sealed record SecretPrompt(string Kind, string Prompt, int Attempt);

/// <summary>Client's answer to <c>prompt/secret</c>; null value means cancelled.</summary>
public sealed record SecretAnswer(string? Value);
