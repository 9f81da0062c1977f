import { CancellationToken, Emitter, Event } from 'vscode-jsonrpc';
import type {
  ContainerEngineCommand,
  ContainerList,
  ConnectionStateChange,
  CreateEnvironmentParams,
  CreatedEnvironmentInfo,
  DeletedEnvironmentInfo,
  EnvironmentInfo,
  EnvironmentParams,
  ImageCheckInfo,
  KernelRegistrationInfo,
  ProgressValue,
  ServerLog,
  ServerParams,
  SlurmInfo,
  SlurmJobInfo,
  StopResult,
} from '../sidecar/contract';
import type { SidecarApi } from '../sidecar/sidecarApi';
import { errorMessage, errorName, isCancelled } from '../sidecar/sidecarError';
import type { SidecarLogger } from '../sidecar/sidecarLogger';
import { ConnectedServer, ServerRecord, serverKey, serverLabel, toRecord } from './connectedServer';
import type { HostConnection } from './hostConnection';
import { HostConnections } from './hostConnections';
import type { ServerRecordStore, TokenStore } from './serverStores';
import { SlurmStartOptions, slurmEnvironmentLabel, slurmServer } from './slurmServers';
import { endsAtFrom } from './slurmWalltime';
import type { StartedServer } from './startedServer';

/** Failures that mean the connection id no longer leads anywhere, rather than that the work failed. */
const staleConnectionErrors = new Set(['connectionLost', 'unknownId']);

export interface StartOptions {
  environment: EnvironmentParams;
  /** Short name shown in labels ("torch", "Python 3.11"). */
  environmentLabel: string;
  server?: ServerParams;
  token?: CancellationToken;
  onProgress?: (value: ProgressValue) => void;
}

export interface ServerSessionsOptions {
  api: SidecarApi;
  records: ServerRecordStore;
  tokens: TokenStore;
  logger: SidecarLogger;
  /** Project folders on hosts searched for environments (the remoteJupyter.environmentRoots setting). */
  environmentRoots?: () => string[];
}

/**
 * The servers the person started and the tunnels to them. Everything the UI shows comes from
 * here; after a sidecar crash or a lost SSH connection it attaches again with the kept token.
 * No 'vscode' import: tests drive it against the real sidecar.
 */
export class ServerSessions {
  readonly connections: HostConnections;
  private readonly servers = new Map<string, ConnectedServer>();
  private readonly reattaching = new Map<string, Promise<ConnectedServer>>();
  private readonly starting = new Set<string>();
  private activeId: string | undefined;
  private readonly changeEmitter = new Emitter<void>();
  private readonly jobEndedEmitter = new Emitter<{ server: ConnectedServer; message: string }>();
  private readonly api: SidecarApi;
  private readonly logger: SidecarLogger;
  private readonly subscriptions: { dispose(): void }[] = [];

  /** slurm/attach found the server's job ended (TIMEOUT, PREEMPTED, …): the sidecar's message has its state and last log lines. */
  readonly onSlurmJobEnded: Event<{ server: ConnectedServer; message: string }> = this.jobEndedEmitter.event;

  /** The clock for Slurm walltimes (tests pass their own). */
  now: () => number = Date.now;

  /** Servers, their states, the active one or the hosts being connected changed. */
  readonly onDidChange: Event<void> = this.changeEmitter.event;

  constructor(private readonly options: ServerSessionsOptions) {
    this.api = options.api;
    this.logger = options.logger;
    this.connections = new HostConnections(this.api, this.logger);
    for (const record of options.records.load()) {
      this.servers.set(record.id, { ...record, state: 'disconnected' });
    }
    this.subscriptions.push(
      this.connections.onDidChange(() => this.changeEmitter.fire()),
      this.api.client.onDidRestart(() => void this.reattachAll()),
      this.api.client.onConnectionState((change) => this.onConnectionState(change)),
    );
  }

  list(): ConnectedServer[] {
    return [...this.servers.values()];
  }

  get(id: string): ConnectedServer | undefined {
    return this.servers.get(id);
  }

  /** The server the status bar shows: the last one started or used that is not disconnected. */
  get active(): ConnectedServer | undefined {
    const active = this.activeId ? this.servers.get(this.activeId) : undefined;
    if (active && active.state !== 'disconnected') {
      return active;
    }
    return this.list().find((s) => s.state !== 'disconnected');
  }

  setActive(id: string): void {
    if (this.activeId !== id && this.servers.has(id)) {
      this.activeId = id;
      this.changeEmitter.fire();
    }
  }

  /** Aliases with a servers/start running (the status bar spins for them). */
  get startingHosts(): string[] {
    return [...this.starting];
  }

  listHosts(configFile: string | undefined, token?: CancellationToken) {
    return this.api.listHosts({ configFile }, token);
  }

  /** Makes a venv, conda or uv environment; `onProgress` gets the tools' output line by line. Cancel removes it. */
  createEnvironment(
    connection: HostConnection,
    environment: CreateEnvironmentParams,
    options?: { token?: CancellationToken; onProgress?: (value: ProgressValue) => void },
  ): Promise<CreatedEnvironmentInfo> {
    return this.api.createEnvironment({ connectionId: connection.connectionId, environment }, options);
  }

  /** Registers the environment's interpreter as a kernel; the sidecar checks kernel.json runs exactly it. */
  registerKernel(connection: HostConnection, pythonPath: string, name: string, displayName?: string, token?: CancellationToken): Promise<KernelRegistrationInfo> {
    return this.api.registerKernel({ connectionId: connection.connectionId, pythonPath, name, displayName }, token);
  }

  /** Deletes an environment folder on the host and the person's kernels that run it. */
  deleteEnvironment(connection: HostConnection, path: string, token?: CancellationToken): Promise<DeletedEnvironmentInfo> {
    return this.api.deleteEnvironment({ connectionId: connection.connectionId, path }, token);
  }

  /** Environments on the host; discovery's warnings (a timeout, a broken conda) go to the log. */
  /** The container engines on the host and their local images (containers/list). */
  listContainers(connection: HostConnection, token?: CancellationToken): Promise<ContainerList> {
    return this.api.listContainers({ connectionId: connection.connectionId, includeImages: true }, token);
  }

  /** Runs the image once to see whether it has Python with jupyter_server and ipykernel (containers/check). */
  checkImage(connection: HostConnection, image: string, engine: ContainerEngineCommand | undefined, token?: CancellationToken): Promise<ImageCheckInfo> {
    return this.api.checkImage({ connectionId: connection.connectionId, image, engine }, token);
  }

  async listEnvironments(connection: HostConnection, token?: CancellationToken): Promise<EnvironmentInfo[]> {
    const roots = this.options.environmentRoots?.() ?? [];
    const list = await this.api.listEnvironments({ connectionId: connection.connectionId, roots: roots.length > 0 ? roots : undefined }, token);
    for (const warning of list.warnings) {
      this.logger.warn(`${connection.alias}: ${warning}`);
    }
    return list.environments;
  }

  /**
   * servers/start: reattaches to the person's running server for the environment and folder, or
   * starts one. It becomes the active server and is remembered with its token.
   */
  async start(connection: HostConnection, options: StartOptions): Promise<StartedServer> {
    const result = await this.whileStarting(connection, () =>
      this.api.startServer(
        { connectionId: connection.connectionId, environment: options.environment, server: options.server },
        { token: options.token, onProgress: options.onProgress },
      ),
    );
    const server: ConnectedServer = {
      id: serverKey(connection.alias, result.serverId),
      alias: connection.alias,
      host: connection.host,
      configFile: connection.configFile,
      serverId: result.serverId,
      stateDir: options.server?.stateDir,
      environment: options.environmentLabel,
      python: result.python,
      pythonVersion: result.pythonVersion,
      image: result.image,
      engine: result.container ? options.environment?.engine : undefined,
      state: 'connected',
      url: result.url,
      localPort: result.localPort,
      connectionId: connection.connectionId,
    };
    await this.register(server, result.token);
    const reused = result.reused === true;
    this.logger.info(`${reused ? 'Reattached to the running server' : 'Server'} ${serverLabel(server)} (${result.serverId}) ${reused ? 'at' : 'runs at'} ${result.url}.`);
    for (const warning of result.warnings ?? []) {
      this.logger.warn(`${connection.alias}: ${warning}`);
    }
    return { ...server, reused, warnings: result.warnings ?? [] };
  }

  /** slurm/detect: whether the host has Slurm, and its partitions. */
  detectSlurm(connection: HostConnection, token?: CancellationToken): Promise<SlurmInfo> {
    return this.api.detectSlurm({ connectionId: connection.connectionId }, token);
  }

  /** slurm/jobs: the product's jobs on the host (those of `stateDir`), running, pending or ended. */
  listSlurmJobs(connection: HostConnection, stateDir?: string, token?: CancellationToken): Promise<SlurmJobInfo[]> {
    return this.api.listSlurmJobs({ connectionId: connection.connectionId, stateDir }, token);
  }

  /**
   * slurm/start: submits a job running Jupyter and waits (with Slurm's PENDING reasons as progress)
   * until it answers through the tunnel. Cancelling scancels the job (the sidecar does).
   */
  async startSlurm(connection: HostConnection, options: SlurmStartOptions): Promise<StartedServer> {
    const result = await this.whileStarting(connection, () =>
      this.api.startSlurm(
        { connectionId: connection.connectionId, slurm: options.params, stateDir: options.stateDir },
        { token: options.token, onProgress: options.onProgress },
      ),
    );
    const server = slurmServer(connection, result, options, this.now());
    await this.register(server, result.token);
    this.logger.info(`Slurm job ${result.jobId} (${result.jobState}) on ${result.node} serves ${serverLabel(server)} at ${result.url} (${result.binding} binding${result.access ? `, reached by ${result.access}` : ''}).`);
    return { ...server, reused: result.reused === true, warnings: [] };
  }

  /** Connects to a job of the host that no record knows (started by the CLI or another machine). */
  async adoptSlurmJob(connection: HostConnection, job: SlurmJobInfo, stateDir?: string, token?: CancellationToken): Promise<ConnectedServer> {
    const id = serverKey(connection.alias, job.serverId);
    if (!this.servers.has(id)) {
      this.servers.set(id, {
        id,
        alias: connection.alias,
        host: connection.host,
        configFile: connection.configFile,
        serverId: job.serverId,
        stateDir,
        environment: slurmEnvironmentLabel(job.partition, job.jobId),
        python: 'python3',
        pythonVersion: '',
        state: 'disconnected',
        // Its submission parameters are not known here: a resubmit asks Slurm for its defaults, on its partition.
        slurm: { jobId: job.jobId, partition: job.partition, params: { partition: job.partition }, timeLimitSeconds: job.timeLimitSeconds },
      });
      await this.persist();
    }
    this.activeId = id;
    return this.reattach(id, token);
  }

  /** slurm/stop for a job no record knows (the tree lists every job of the product on the host). */
  stopSlurmJob(connection: HostConnection, serverId: string, stateDir?: string, token?: CancellationToken): Promise<StopResult> {
    return this.api.stopSlurm({ connectionId: connection.connectionId, serverId, stateDir }, token);
  }

  /** A server whose tunnel is up, attaching again first if needed. */
  async ensureAttached(id: string, token?: CancellationToken): Promise<ConnectedServer> {
    const server = this.require(id);
    if (server.state === 'connected' && server.url && server.connectionId && this.connections.byId(server.connectionId)) {
      return server;
    }
    return this.reattach(id, token);
  }

  token(id: string): Promise<string | undefined> {
    return this.options.tokens.get(id);
  }

  /** connection/open (if needed) + servers/attach with the kept token. One attempt at a time per server. */
  reattach(id: string, token?: CancellationToken): Promise<ConnectedServer> {
    const pending = this.reattaching.get(id);
    if (pending) {
      return pending;
    }
    const attempt = this.attach(id, token);
    this.reattaching.set(id, attempt);
    const clear = () => this.reattaching.delete(id);
    attempt.then(clear, clear);
    return attempt;
  }

  /** Stops the remote server and forgets it. */
  async stop(id: string): Promise<StopResult> {
    const server = this.require(id);
    const result = await this.withConnection(server, undefined, (connection) =>
      server.slurm
        ? this.api.stopSlurm({ connectionId: connection.connectionId, serverId: server.serverId, stateDir: server.stateDir })
        : this.api.stopServer({ connectionId: connection.connectionId, serverId: server.serverId, stateDir: server.stateDir }),
    );
    await this.forget(id);
    return result;
  }

  logs(id: string, lines = 200): Promise<ServerLog> {
    const server = this.require(id);
    return this.withConnection(server, undefined, (connection) =>
      this.api.serverLogs({ connectionId: connection.connectionId, serverId: server.serverId, lines, stateDir: server.stateDir }),
    );
  }

  /**
   * servers/logs with follow: `onLines` gets the last `lines` lines, then each new one, until
   * `token` is cancelled (resolves) or the server exits (resolves). Lines of other servers are not passed on.
   */
  async followLogs(id: string, onLines: (lines: string[]) => void, token: CancellationToken, lines = 200): Promise<void> {
    const server = this.require(id);
    const subscription = this.api.client.onServerLog((notification) => {
      if (notification.serverId === server.serverId && !token.isCancellationRequested) {
        onLines(notification.lines);
      }
    });
    try {
      await this.withConnection(server, token, (connection) =>
        this.api.serverLogs({ connectionId: connection.connectionId, serverId: server.serverId, lines, stateDir: server.stateDir, follow: true }, token),
      );
    } catch (error) {
      // After a cancel, whatever the request ended with is the cancel.
      if (!token.isCancellationRequested) {
        throw error;
      }
    } finally {
      subscription.dispose();
    }
  }

  /** Closes the SSH connection; its servers keep running remotely and can be reconnected. */
  async disconnect(connection: HostConnection): Promise<void> {
    for (const server of this.list().filter((s) => s.connectionId === connection.connectionId)) {
      this.update(server.id, { state: 'disconnected', url: undefined, connectionId: undefined, message: undefined });
    }
    await this.connections.close(connection);
  }

  /** Forgets a server (and its token) without touching the remote. */
  async forget(id: string): Promise<void> {
    if (this.servers.delete(id)) {
      await this.options.tokens.delete(id);
      await this.persist();
      this.changeEmitter.fire();
    }
  }

  /** After the sidecar restarted: every server that was not disconnected on purpose comes back. */
  async reattachAll(): Promise<void> {
    this.connections.clear();
    const targets = this.list().filter((s) => s.state !== 'disconnected');
    for (const server of targets) {
      this.update(server.id, { state: 'reconnecting', url: undefined, connectionId: undefined });
    }
    const results = await Promise.allSettled(targets.map((s) => this.reattach(s.id)));
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        this.logger.warn(`Reattaching ${serverLabel(targets[i])} failed: ${errorMessage(result.reason)}`);
      }
    });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.connections.dispose();
    this.changeEmitter.dispose();
    this.jobEndedEmitter.dispose();
  }

  /**
   * servers/attach with the kept token, or for a Slurm job slurm/attach (the job's Jupyter keeps its
   * token on the host; the kept one is sent too, for clusters whose nodes do not share the login
   * node's home, and Slurm's time left restarts the walltime clock).
   */
  private async attach(id: string, token: CancellationToken | undefined): Promise<ConnectedServer> {
    const server = this.require(id);
    this.update(id, { state: 'reconnecting', message: undefined });
    try {
      const secret = await this.options.tokens.get(id);
      if (!server.slurm && !secret) {
        throw new Error(`The token of ${serverLabel(server)} is no longer stored. Stop the server and start a new one.`);
      }
      const { connection, result } = await this.withConnection(server, token, async (connection) => {
        const params = { connectionId: connection.connectionId, serverId: server.serverId, stateDir: server.stateDir };
        const request = (localPort: number) =>
          server.slurm ? this.api.attachSlurm({ ...params, localPort, token: secret }, token) : this.api.attachServer({ ...params, token: secret!, localPort }, token);
        try {
          // The same local port keeps URLs that Jupyter already holds valid.
          return { connection, result: await request(server.localPort ?? 0) };
        } catch (error) {
          if (errorName(error) !== 'localPortInUse' || !server.localPort) {
            throw error;
          }
          return { connection, result: await request(0) };
        }
      });
      this.logger.info(`Attached to ${serverLabel(server)} (${server.serverId}) at ${result.url}.`);
      const change: Partial<ConnectedServer> = { state: 'connected', url: result.url, localPort: result.localPort, connectionId: connection.connectionId, message: undefined };
      if (server.slurm && 'jobId' in result) {
        await this.options.tokens.store(id, result.token);
        change.slurm = {
          ...server.slurm,
          node: result.node,
          partition: result.partition ?? server.slurm.partition,
          timeLimitSeconds: result.timeLimitSeconds ?? server.slurm.timeLimitSeconds,
          endsAt: endsAtFrom(result.timeLeftSeconds, this.now()),
          access: result.access ?? server.slurm.access,
        };
      }
      const attached = this.update(id, change);
      if (change.slurm) {
        await this.persist();
      }
      return attached;
    } catch (error) {
      if (errorName(error) === 'serverNotFound') {
        // The server is gone (idle shutdown, reboot, a job Slurm forgot): nothing left to attach to.
        this.logger.warn(`${serverLabel(server)} no longer runs: ${errorMessage(error)}`);
        await this.forget(id);
      } else if (this.servers.has(id) && isCancelled(error)) {
        // Whoever asked gave up; nothing is known to be wrong with the server.
        this.update(id, { state: server.state === 'disconnected' ? 'disconnected' : 'lost', url: undefined, connectionId: undefined });
      } else if (this.servers.has(id)) {
        const lost = this.update(id, { state: 'lost', url: undefined, connectionId: undefined, message: errorMessage(error) });
        if (errorName(error) === 'slurmJobEnded') {
          // Kept, not forgotten: its parameters are what a resubmit needs.
          this.jobEndedEmitter.fire({ server: lost, message: errorMessage(error) });
        }
      }
      throw error;
    }
  }

  /** The status bar spins for the host while `work` (a start) runs. */
  private async whileStarting<T>(connection: HostConnection, work: () => Promise<T>): Promise<T> {
    this.starting.add(connection.alias);
    this.changeEmitter.fire();
    try {
      return await work();
    } finally {
      this.starting.delete(connection.alias);
      this.changeEmitter.fire();
    }
  }

  /** A started server becomes the active one and is remembered, its token in the secret store. */
  private async register(server: ConnectedServer, secret: string): Promise<void> {
    await this.options.tokens.store(server.id, secret);
    this.servers.set(server.id, server);
    this.activeId = server.id;
    await this.persist();
    this.changeEmitter.fire();
  }

  /**
   * Runs `work` on the server's host connection. A connection can die without the sidecar noticing
   * yet (or be gone with an old sidecar process): then it is dropped and `work` runs once more on
   * a fresh one.
   */
  private async withConnection<T>(server: ServerRecord, token: CancellationToken | undefined, work: (connection: HostConnection) => Promise<T>): Promise<T> {
    const connect = () => this.connections.connect(server.host, { alias: server.alias, configFile: server.configFile, token });
    const connection = await connect();
    try {
      return await work(connection);
    } catch (error) {
      if (!staleConnectionErrors.has(errorName(error) ?? '')) {
        throw error;
      }
      this.logger.info(`Connection ${connection.connectionId} to ${server.alias} is gone (${errorName(error)}); opening a new one.`);
      this.connections.forget(connection.connectionId);
      return work(await connect());
    }
  }

  /**
   * The sidecar remakes a dropped SSH connection itself and keeps each tunnel's local port, so Jupyter's URL
   * stays valid: "reconnecting" and "connected" only change what the UI shows. "lost" means it gave up (or a
   * person must answer something): then the servers are attached again once on a new connection.
   */
  private onConnectionState(change: ConnectionStateChange): void {
    const affected = this.list().filter((s) => s.connectionId === change.connectionId);
    if (change.state === 'reconnecting' || change.state === 'connected') {
      for (const server of affected) {
        this.update(server.id, change.state === 'reconnecting' ? { state: 'reconnecting', message: change.message } : { state: 'connected', message: undefined });
      }
      this.logger.info(change.message);
      return;
    }
    this.connections.forget(change.connectionId);
    for (const server of affected) {
      this.update(server.id, { state: 'lost', url: undefined, connectionId: undefined, message: change.message });
    }
    // One automatic attempt; the Reconnect command retries later.
    for (const server of affected) {
      this.reattach(server.id).catch((error) => this.logger.warn(`Reconnecting ${serverLabel(server)}: ${errorMessage(error)}`));
    }
  }

  private update(id: string, change: Partial<ConnectedServer>): ConnectedServer {
    const updated = { ...this.require(id), ...change };
    this.servers.set(id, updated);
    this.changeEmitter.fire();
    return updated;
  }

  private require(id: string): ConnectedServer {
    const server = this.servers.get(id);
    if (!server) {
      throw new Error(`Remote Jupyter does not know the server ${id}.`);
    }
    return server;
  }

  private persist(): Promise<void> {
    return this.options.records.save(this.list().map(toRecord));
  }
}

