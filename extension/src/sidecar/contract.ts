// Mirror of server/RemoteJupyter.Sidecar/Rpc/IRemoteJupyterService.cs and ContractTypes.cs.
// Every request sends ONE params object whose keys are the C# parameter names; a C# test
// (ContractMirrorTests) reads this file and fails when the two disagree.

export const protocolVersion = 1;

export interface InitializeResult { serverName: string; serverVersion: string; protocolVersion: number; methods: string[] }
export interface ProgressValue { stage: 'connecting' | 'findingServer' | 'preparingEnvironment' | 'startingServer' | 'openingTunnel' | 'verifying' | 'creatingEnvironment' | 'reachingServer' | 'spawning' | 'buildingImage'; state: 'starting' | 'completed' | 'step' | 'output'; message: string }
export interface HostEntry { alias: string; hostName: string; user: string; port: number }
export type EnvironmentKind = 'system' | 'venv' | 'virtualenv' | 'conda' | 'uv' | 'pyenv';
export interface EnvironmentInfo { kind: EnvironmentKind; path: string; pythonPath: string; version: string; hasJupyterServer: boolean; hasIpykernel: boolean; canServe: boolean; kernelName?: string; name?: string; systemSitePackages?: boolean }
export interface KernelInfo { name: string; displayName: string; directory: string; pythonPath?: string; language?: string }
export interface EnvironmentList { environments: EnvironmentInfo[]; kernels: KernelInfo[]; warnings: string[]; timedOut: boolean }
export interface CreateEnvironmentParams { kind: 'venv' | 'conda' | 'uv'; path: string; systemSitePackages?: boolean; requirements?: string; packages?: string[]; environmentFile?: string; pythonVersion?: string; basePython?: string; tool?: string; kernelName?: string; kernelDisplayName?: string }
export interface KernelRegistrationInfo { name: string; displayName: string; directory: string; pythonPath: string; repaired: boolean }
export interface CreatedEnvironmentInfo { kind: EnvironmentKind; path: string; pythonPath: string; version: string; kernel?: KernelRegistrationInfo }
export interface DeletedEnvironmentInfo { path: string; removedKernels: string[] }
export interface UnregisteredKernelInfo { name: string; directory: string }
export interface ServerLog { serverId: string; logPath: string; text: string }
export interface ConnectionStateChange { connectionId: string; state: 'connected' | 'reconnecting' | 'lost'; message: string; attempt?: number; retryInSeconds?: number }
export interface ConnectionResult { connectionId: string; user: string; hostName: string; port: number }
/** `image` (a name or id) or `dockerfile` (a folder on the host to build one from) runs Jupyter in a container, with `engine` (default: the first usable, podman first). */
export interface EnvironmentParams { venvPath?: string; systemSitePackages?: boolean; pythonPath?: string; searchPath?: string; environmentPath?: string; image?: string; dockerfile?: string; engine?: ContainerEngineCommand }
export type ServerPersistence = 'detached' | 'tmux';
export interface ServerParams { workingDirectory?: string; remotePort?: number; localPort?: number; stateDir?: string; startTimeoutSeconds?: number; extraArgs?: string[]; idleShutdownMinutes?: number; niceLevel?: number; memoryLimitMb?: number; reuse?: boolean; persistence?: ServerPersistence; cpus?: number; gpus?: boolean; containerNetwork?: 'host' | 'publish' }
/** `token` is a secret: never log it, keep it in SecretStorage. */
export interface ServerStartResult { serverId: string; url: string; localPort: number; remotePort: number; pid: number; python: string; pythonVersion: string; token: string; reused?: boolean; warnings?: string[]; container?: string; image?: string }
export interface ServerInfo { serverId: string; pid: number; remotePort: number; python: string; environmentPath?: string; workingDirectory: string; startedAt: string; alive: boolean; localUrl?: string; uptimeSeconds?: number; responding?: boolean; kernels?: number; connections?: number; lastActivity?: string; memoryBytes?: number; persistence?: ServerPersistence; memoryLimit?: 'systemd' | 'ulimit' | 'container'; container?: string; engine?: ContainerEngineCommand; image?: string; exitCode?: number; lastLogLines?: string[] }
export interface StopResult { how: 'shut-down' | 'terminated' | 'killed' | 'not-running' }
export type ContainerEngineCommand = 'podman' | 'docker';
/** `kind` is what runs (the podman-docker shim is podman); `problem` says what to do when not `usable`. */
export interface ContainerEngineInfo { command: ContainerEngineCommand; kind: 'podman' | 'docker'; path: string; version: string; rootless: boolean; usable: boolean; problem?: string }
/** A local image as a container environment; `hasJupyter` is known once checked (containers/check). */
export interface ContainerImageInfo { kind: 'container'; engine: ContainerEngineCommand; name: string; id: string; size: string; sizeBytes?: number; created?: string; hasJupyter?: boolean }
export interface ContainerList { engines: ContainerEngineInfo[]; images: ContainerImageInfo[] }
/** `advice` says exactly what to add to the Dockerfile when `hasJupyter` is false. */
export interface ImageCheckInfo { engine: ContainerEngineCommand; image: string; hasJupyter: boolean; pythonVersion?: string; jupyterServerVersion?: string; ipykernelVersion?: string; advice?: string }
export interface BuiltImageInfo { engine: ContainerEngineCommand; image: string }
export interface SlurmPartitionInfo { name: string; isDefault: boolean; up: boolean; nodes: number; cpusPerNode: string; memoryMbPerNode: string; idleNodes: number; timeLimitSeconds?: number; gres?: string }
/** `available` when sinfo and sbatch are on the login PATH and the controller answered; else `error` says why. */
export interface SlurmInfo { available: boolean; partitions: SlurmPartitionInfo[]; sinfoPath?: string; sbatchPath?: string; slurmConf?: string; version?: string; error?: string }
/** Each maps to one sbatch option (absent: the site's default); the job runs `pythonPath` (default python3) or activates `venvPath`, after `modules`. */
/** How the tunnel reaches Jupyter on a compute node: auto (direct on a one-host cluster, else a jump to the node, else the node's address), jump, or node-address. */
export type SlurmNodeAccess = 'auto' | 'jump' | 'node-address';

export interface SlurmParams { partition?: string; time?: string; cpus?: number; mem?: string; gres?: string; account?: string; extraArgs?: string[]; modules?: string[]; pythonPath?: string; venvPath?: string; condaPrefix?: string; workingDirectory?: string; nodeAccess?: SlurmNodeAccess; nodeSshPort?: number }
/** How the tunnel reached the job's Jupyter: the login node is the node, a jump to the node, or the node's address. */
export type SlurmAccess = 'direct' | 'jump' | 'node-address';
/** `token` is a secret. `binding`: loopback or node-address. `timeLeftSeconds` absent: unlimited. `access`: how it was reached. */
export interface SlurmStartResult { serverId: string; url: string; localPort: number; token: string; jobId: string; jobState: string; node: string; binding: string; reused?: boolean; timeLeftSeconds?: number; partition?: string; timeLimitSeconds?: number; access?: SlurmAccess }
/** `reason` while pending (Priority, Resources, …) or after the end (TimeLimit, …); `node` while running. */
export interface SlurmJobInfo { serverId: string; jobId: string; jobState: string; reason?: string; node?: string; timeLeftSeconds?: number; partition?: string; timeLimitSeconds?: number }
export interface ServerLogLines { serverId: string; lines: string[] }
export interface ServersChanged { connectionId: string; serverId: string; change: 'started' | 'reattached' | 'stopped' }
export interface HostKeyPrompt { host: string; keyType: string; fingerprint: string; knownHostsFile: string }
export interface HostKeyAnswer { decision: 'reject' | 'acceptOnce' | 'acceptAndRemember' }
export interface SecretPrompt { kind: 'passphrase' | 'password' | 'challenge'; prompt: string; attempt: number }
export interface SecretAnswer { value: string | null }
export type SourceAuth = 'none' | 'token' | 'password';
/** `headers` are secrets (Authorization, or Cookie + X-XSRFToken): never log them. */
export interface UrlSourceResult { sourceId: string; url: string; localUrl: string; auth: SourceAuth; headers: Record<string, string>; certificateFingerprint?: string }
export interface UrlSourceInfo { sourceId: string; url: string; localUrl: string; auth: SourceAuth; certificateFingerprint?: string }
export interface KernelSpecInfo { name: string; displayName: string; language?: string }
/** `token` is a secret: keep it in SecretStorage. */
export interface HubLoginResult { token: string; user: string; expiresAt?: string; tokenId?: string }
export interface HubTokenInfoResult { user: string; scopes: string[]; expiresAt?: string }
export interface HubServerInfo { name: string; ready: boolean; url: string; pending?: string; started?: string; lastActivity?: string }
export interface CertificatePrompt { host: string; port: number; fingerprint: string; subject: string; issuer: string; notBefore: string; notAfter: string; problem: string; pinFile: string }
export interface CertificateAnswer { accept: boolean }

/** `error.data.name` of a failed request: the stable name of the sidecar's ErrorCode. */
export interface ErrorData { name: string }

export namespace InitializeRequest { export const method = 'initialize'; export interface Params { clientName: string; clientVersion?: string } export type Result = InitializeResult }
export namespace ShutdownRequest { export const method = 'shutdown'; export interface Params {} export type Result = null }
export namespace ListHostsRequest { export const method = 'hosts/list'; export interface Params { configFile?: string } export type Result = HostEntry[] }
export namespace OpenConnectionRequest { export const method = 'connection/open'; export interface Params { host: string; configFile?: string; progress?: number | string } export type Result = ConnectionResult }
export namespace CloseConnectionRequest { export const method = 'connection/close'; export interface Params { connectionId: string } export type Result = null }
export namespace ListEnvironmentsRequest { export const method = 'environments/list'; export interface Params { connectionId: string; searchPath?: string; roots?: string[]; timeoutSeconds?: number } export type Result = EnvironmentList }
export namespace CreateEnvironmentRequest { export const method = 'environments/create'; export interface Params { connectionId: string; environment: CreateEnvironmentParams; progress?: number | string } export type Result = CreatedEnvironmentInfo }
export namespace DeleteEnvironmentRequest { export const method = 'environments/delete'; export interface Params { connectionId: string; path: string } export type Result = DeletedEnvironmentInfo }
export namespace RegisterKernelRequest { export const method = 'kernels/register'; export interface Params { connectionId: string; pythonPath: string; name: string; displayName?: string } export type Result = KernelRegistrationInfo }
export namespace UnregisterKernelRequest { export const method = 'kernels/unregister'; export interface Params { connectionId: string; name: string } export type Result = UnregisteredKernelInfo }
export namespace StartServerRequest { export const method = 'servers/start'; export interface Params { connectionId: string; environment?: EnvironmentParams; server?: ServerParams; progress?: number | string } export type Result = ServerStartResult }
export namespace ListContainersRequest { export const method = 'containers/list'; export interface Params { connectionId: string; includeImages?: boolean } export type Result = ContainerList }
export namespace CheckImageRequest { export const method = 'containers/check'; export interface Params { connectionId: string; image: string; engine?: ContainerEngineCommand } export type Result = ImageCheckInfo }
export namespace BuildImageRequest { export const method = 'containers/build'; export interface Params { connectionId: string; directory: string; tag?: string; engine?: ContainerEngineCommand; progress?: number | string } export type Result = BuiltImageInfo }
export namespace DetectSlurmRequest { export const method = 'slurm/detect'; export interface Params { connectionId: string } export type Result = SlurmInfo }
export namespace StartSlurmRequest { export const method = 'slurm/start'; export interface Params { connectionId: string; slurm?: SlurmParams; stateDir?: string; localPort?: number; progress?: number | string } export type Result = SlurmStartResult }
export namespace AttachSlurmRequest { export const method = 'slurm/attach'; export interface Params { connectionId: string; serverId: string; stateDir?: string; localPort?: number; token?: string } export type Result = SlurmStartResult }
export namespace ListSlurmJobsRequest { export const method = 'slurm/jobs'; export interface Params { connectionId: string; stateDir?: string } export type Result = SlurmJobInfo[] }
export namespace StopSlurmRequest { export const method = 'slurm/stop'; export interface Params { connectionId: string; serverId: string; stateDir?: string } export type Result = StopResult }
export namespace ListServersRequest { export const method = 'servers/list'; export interface Params { connectionId: string; stateDir?: string } export type Result = ServerInfo[] }
export namespace AttachServerRequest { export const method = 'servers/attach'; export interface Params { connectionId: string; serverId: string; token: string; stateDir?: string; localPort?: number } export type Result = ServerStartResult }
export namespace ServerLogsRequest { export const method = 'servers/logs'; export interface Params { connectionId: string; serverId: string; lines?: number; stateDir?: string; follow?: boolean } export type Result = ServerLog }
export namespace StopServerRequest { export const method = 'servers/stop'; export interface Params { connectionId: string; serverId: string; stateDir?: string } export type Result = StopResult }

export namespace AddUrlSourceRequest { export const method = 'sources/add'; export interface Params { url: string; token?: string; password?: string; viaConnectionId?: string; pinFile?: string; progress?: number | string } export type Result = UrlSourceResult }
export namespace ListSourcesRequest { export const method = 'sources/list'; export interface Params {} export type Result = UrlSourceInfo[] }
export namespace RenewUrlSourceRequest { export const method = 'sources/renew'; export interface Params { sourceId: string } export type Result = UrlSourceResult }
export namespace ListSourceKernelsRequest { export const method = 'sources/kernels'; export interface Params { sourceId: string } export type Result = KernelSpecInfo[] }
export namespace RemoveSourceRequest { export const method = 'sources/remove'; export interface Params { sourceId: string } export type Result = null }
export namespace HubLoginRequest { export const method = 'hub/login'; export interface Params { hubUrl: string; user: string; password: string; expiresInSeconds?: number } export type Result = HubLoginResult }
export namespace HubTokenInfoRequest { export const method = 'hub/tokenInfo'; export interface Params { hubUrl: string; token: string } export type Result = HubTokenInfoResult }
export namespace HubRenewTokenRequest { export const method = 'hub/renewToken'; export interface Params { hubUrl: string; user: string; token: string; expiresInSeconds?: number; tokenId?: string } export type Result = HubLoginResult }
export namespace HubServersRequest { export const method = 'hub/servers'; export interface Params { hubUrl: string; user: string; token: string } export type Result = HubServerInfo[] }
export namespace HubStartRequest { export const method = 'hub/start'; export interface Params { hubUrl: string; user: string; token: string; name?: string; options?: Record<string, unknown>; progress?: number | string } export type Result = HubServerInfo }
export namespace HubStopRequest { export const method = 'hub/stop'; export interface Params { hubUrl: string; user: string; token: string; name?: string; remove?: boolean } export type Result = null }
export namespace HubKernelsRequest { export const method = 'hub/kernels'; export interface Params { hubUrl: string; user: string; token: string; name?: string } export type Result = KernelSpecInfo[] }

// Sidecar -> client notifications.
export namespace ConnectionStateNotification { export const method = 'connection/state'; export type Params = ConnectionStateChange }
export namespace ServersChangedNotification { export const method = 'servers/changed'; export type Params = ServersChanged }
export namespace ServerLogNotification { export const method = 'servers/log'; export type Params = ServerLogLines }

// Sidecar -> client requests.
export namespace HostKeyPromptRequest { export const method = 'prompt/hostKey'; export type Params = HostKeyPrompt; export type Result = HostKeyAnswer }
export namespace SecretPromptRequest { export const method = 'prompt/secret'; export type Params = SecretPrompt; export type Result = SecretAnswer }
export namespace CertificatePromptRequest { export const method = 'prompt/certificate'; export type Params = CertificatePrompt; export type Result = CertificateAnswer }
