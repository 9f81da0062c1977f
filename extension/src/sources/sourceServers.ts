import { CancellationToken, Emitter, Event } from 'vscode-jsonrpc';
import type { HubRecord, UrlSourceRecord } from './sourceRecords';
import type { HubSources } from './hubSources';
import type { UrlSources } from './urlSources';

/** A server we did not start, as Jupyter's kernel picker and the status bar list it. */
export interface SourceServer {
  id: string;
  label: string;
  kind: 'url' | 'hub';
}

/** How Jupyter reaches it: base URL plus a token (hub) or headers (URL source); both are secrets. */
export interface SourceConnection {
  baseUrl: string;
  token?: string;
  headers?: Record<string, string>;
}

const urlPrefix = 'source:url:';
const hubPrefix = 'source:hub:';

export function urlServerId(sourceId: string): string {
  return urlPrefix + sourceId;
}

export function hubServerId(hubId: string, name: string): string {
  return `${hubPrefix}${hubId}:${name}`;
}

export function isSourceServerId(id: string): boolean {
  return id.startsWith(urlPrefix) || id.startsWith(hubPrefix);
}

/** "alice @ hub.example.org" or "alice/project @ hub.example.org". */
export function hubServerLabel(hub: Pick<HubRecord, 'user' | 'hubUrl'>, name: string): string {
  return `${name ? `${hub.user}/${name}` : hub.user} @ ${hostOf(hub.hubUrl)}`;
}

/** URL sources and running hub servers side by side, for the Jupyter server collection and the status bar. */
export class SourceServers {
  private readonly changeEmitter = new Emitter<void>();
  private readonly subscriptions: { dispose(): void }[];
  readonly onDidChange: Event<void> = this.changeEmitter.event;

  constructor(
    readonly urls: UrlSources,
    readonly hubs: HubSources,
  ) {
    this.subscriptions = [urls.onDidChange(() => this.changeEmitter.fire()), hubs.onDidChange(() => this.changeEmitter.fire())];
  }

  list(): SourceServer[] {
    const urls = this.urls.list().map((u): SourceServer => ({ id: urlServerId(u.id), label: urlLabel(u), kind: 'url' }));
    const hubs = this.hubs.list().flatMap((hub) =>
      this.hubs
        .knownServers(hub.id)
        .filter((s) => s.ready)
        .map((s): SourceServer => ({ id: hubServerId(hub.id, s.name), label: hubServerLabel(hub, s.name), kind: 'hub' })),
    );
    return [...urls, ...hubs];
  }

  async resolve(id: string, token?: CancellationToken): Promise<SourceConnection> {
    if (id.startsWith(urlPrefix)) {
      return this.urls.connection(id.slice(urlPrefix.length), token);
    }
    if (id.startsWith(hubPrefix)) {
      const rest = id.slice(hubPrefix.length);
      const colon = rest.indexOf(':');
      return this.hubs.connection(rest.slice(0, colon), rest.slice(colon + 1), token);
    }
    throw new Error(`${id} is not a server of a URL or a JupyterHub.`);
  }

  dispose(): void {
    for (const s of this.subscriptions) {
      s.dispose();
    }
    this.changeEmitter.dispose();
  }
}

/** The URL, and the SSH host it is reached through: "http://127.0.0.1:8888/ on gpu-box". */
export function urlLabel(source: Pick<UrlSourceRecord, 'url' | 'via'>): string {
  return source.via ? `${source.url} on ${source.via.alias}` : source.url;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
