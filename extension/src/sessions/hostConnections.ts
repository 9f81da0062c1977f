import { CancellationToken, Emitter, Event } from 'vscode-jsonrpc';
import type { ProgressValue } from '../sidecar/contract';
import type { SidecarApi } from '../sidecar/sidecarApi';
import type { SidecarLogger } from '../sidecar/sidecarLogger';
import { HostConnection, connectionKey } from './hostConnection';

export interface ConnectOptions {
  alias?: string;
  configFile?: string;
  token?: CancellationToken;
  onProgress?: (value: ProgressValue) => void;
}

/**
 * The sidecar's open SSH connections, one per host. Opens run one at a time: prompts (host key,
 * password) then always belong to the one host in `openingHost`, and two commands that need the
 * same host share one connection instead of asking twice.
 */
export class HostConnections {
  private readonly open = new Map<string, HostConnection>();
  private readonly pending = new Map<string, Promise<HostConnection>>();
  private queue: Promise<unknown> = Promise.resolve();
  private opening: string | undefined;
  private readonly changeEmitter = new Emitter<void>();
  private readonly openedEmitter = new Emitter<HostConnection>();

  readonly onDidChange: Event<void> = this.changeEmitter.event;
  /** A connection/open succeeded (e.g. to keep a password the person asked to remember). */
  readonly onDidOpen: Event<HostConnection> = this.openedEmitter.event;

  constructor(
    private readonly api: SidecarApi,
    private readonly logger: SidecarLogger,
  ) {}

  /** The host whose connection/open is running now, if any. */
  get openingHost(): string | undefined {
    return this.opening;
  }

  list(): HostConnection[] {
    return [...this.open.values()];
  }

  find(host: string, configFile: string | undefined): HostConnection | undefined {
    return this.open.get(connectionKey(host, configFile));
  }

  byId(connectionId: string): HostConnection | undefined {
    return this.list().find((c) => c.connectionId === connectionId);
  }

  connect(host: string, options: ConnectOptions = {}): Promise<HostConnection> {
    const key = connectionKey(host, options.configFile);
    const existing = this.open.get(key);
    if (existing) {
      return Promise.resolve(existing);
    }
    const pending = this.pending.get(key);
    if (pending) {
      return pending;
    }
    const opened = this.serialized(async () => {
      this.opening = host;
      this.changeEmitter.fire();
      try {
        const result = await this.api.openConnection({ host, configFile: options.configFile }, { token: options.token, onProgress: options.onProgress });
        const connection: HostConnection = { ...result, host, alias: options.alias ?? host, configFile: options.configFile };
        this.open.set(key, connection);
        this.logger.info(`Connected to ${connection.user}@${connection.hostName}:${connection.port} (${connection.connectionId}).`);
        this.openedEmitter.fire(connection);
        this.changeEmitter.fire();
        return connection;
      } finally {
        this.opening = undefined;
        this.changeEmitter.fire();
      }
    });
    this.pending.set(key, opened);
    const clear = () => this.pending.delete(key);
    opened.then(clear, clear);
    return opened;
  }

  /** connection/close; tunnels through it close, remote servers keep running. */
  async close(connection: HostConnection): Promise<void> {
    this.forget(connection.connectionId);
    try {
      await this.api.closeConnection({ connectionId: connection.connectionId });
    } catch (error) {
      this.logger.warn(`Closing ${connection.connectionId}: ${String(error)}`);
    }
  }

  /** The sidecar reported the connection lost (or its process is gone): drop it without RPC. */
  forget(connectionId: string): void {
    for (const [key, connection] of this.open) {
      if (connection.connectionId === connectionId) {
        this.open.delete(key);
        this.changeEmitter.fire();
      }
    }
  }

  /** After a sidecar restart no connection id is valid any more. */
  clear(): void {
    if (this.open.size > 0) {
      this.open.clear();
      this.changeEmitter.fire();
    }
  }

  dispose(): void {
    this.changeEmitter.dispose();
    this.openedEmitter.dispose();
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
