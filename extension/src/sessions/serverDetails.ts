import { Emitter, Event } from 'vscode-jsonrpc';
import type { ServerInfo } from '../sidecar/contract';
import type { SidecarApi } from '../sidecar/sidecarApi';
import { errorMessage } from '../sidecar/sidecarError';
import type { SidecarLogger } from '../sidecar/sidecarLogger';
import type { ConnectedServer } from './connectedServer';

/** How long a servers/list answer is shown before the next look asks again (uptime and memory move). */
const defaultMaxAgeMs = 30_000;

/**
 * What servers/list says about the servers the tree shows (uptime, kernels, memory), one request
 * per connection and state folder, kept until it is older than `maxAgeMs` or a `servers/changed`
 * notification arrives. No 'vscode' import: tests drive it against the real sidecar.
 */
export class ServerDetails {
  private readonly lists = new Map<string, { at: number; infos: Promise<ServerInfo[]> }>();
  private readonly changeEmitter = new Emitter<void>();
  private readonly subscription: { dispose(): void };

  /** A server was started, reattached to or stopped: what was listed is out of date. */
  readonly onDidChange: Event<void> = this.changeEmitter.event;

  constructor(
    private readonly api: SidecarApi,
    private readonly logger: SidecarLogger,
    private readonly maxAgeMs = defaultMaxAgeMs,
  ) {
    this.subscription = api.client.onServersChanged(() => {
      this.lists.clear();
      this.changeEmitter.fire();
    });
  }

  /** The listing of a server with a live connection; undefined without one or when listing fails. */
  async get(server: ConnectedServer): Promise<ServerInfo | undefined> {
    if (!server.connectionId) {
      return undefined;
    }
    const key = `${server.connectionId}|${server.stateDir ?? ''}`;
    let entry = this.lists.get(key);
    if (!entry || Date.now() - entry.at > this.maxAgeMs) {
      const infos = this.api.listServers({ connectionId: server.connectionId, stateDir: server.stateDir });
      entry = { at: Date.now(), infos };
      this.lists.set(key, entry);
      infos.catch(() => {
        if (this.lists.get(key) === entry) {
          this.lists.delete(key);
        }
      });
    }
    try {
      return (await entry.infos).find((info) => info.serverId === server.serverId);
    } catch (error) {
      this.logger.warn(`Could not list the servers on ${server.alias}: ${errorMessage(error)}`);
      return undefined;
    }
  }

  /** Forgets every listing (Refresh). */
  clear(): void {
    this.lists.clear();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
