import { randomUUID } from 'crypto';
import { CancellationToken, Emitter, Event } from 'vscode-jsonrpc';
import type { HubLoginResult, HubServerInfo, KernelSpecInfo } from '../sidecar/contract';
import type { SidecarApi } from '../sidecar/sidecarApi';
import type { RequestOptions } from '../sidecar/sidecarClient';
import type { HubRecord, SourceRecordStore } from './sourceRecords';
import type { SourceSecrets } from './sourceSecrets';

/** Tokens made by a password login ask for this lifetime; renewed past half of it. */
export const hubTokenLifetimeSeconds = 30 * 24 * 3600;

export type HubCredential = { password: string } | { token: string };

/** What a Jupyter client needs for a hub server: its URL under the hub and the API token (a secret). */
export interface HubConnection {
  baseUrl: string;
  token: string;
}

/**
 * JupyterHubs the person logged in to, and their servers. The token stays in SecretStorage and goes
 * with each request; the sidecar keeps nothing, so its restarts lose nothing.
 * No 'vscode' import: tests drive it against the real sidecar.
 */
export class HubSources {
  private readonly servers = new Map<string, HubServerInfo[]>();
  // One renewal per hub at a time: a renewal revokes the token it replaces, so a second one made with that token
  // would fail and hand back a dead token.
  private readonly renewals = new Map<string, Promise<string>>();
  private readonly changeEmitter = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changeEmitter.event;

  constructor(
    private readonly api: SidecarApi,
    private readonly records: SourceRecordStore,
    private readonly secrets: SourceSecrets,
    private readonly now: () => number = Date.now,
  ) {}

  list(): HubRecord[] {
    return this.records.hubs();
  }

  get(id: string): HubRecord | undefined {
    return this.list().find((h) => h.id === id);
  }

  /** The servers as last listed (empty before the first listing). */
  knownServers(id: string): HubServerInfo[] {
    return this.servers.get(id) ?? [];
  }

  /** Logs in with a password (exchanged for a token) or checks a pasted token; logging in again replaces the token. */
  async login(hubUrl: string, user: string, credential: HubCredential, token?: CancellationToken): Promise<HubRecord> {
    let login: HubLoginResult;
    if ('password' in credential) {
      login = await this.api.hubLogin({ hubUrl, user, password: credential.password, expiresInSeconds: hubTokenLifetimeSeconds }, token);
    } else {
      const info = await this.api.hubTokenInfo({ hubUrl, token: credential.token }, token);
      if (info.user !== user) {
        throw new Error(`That token belongs to ${info.user}, not ${user}. Paste a token of ${user}, or log in as ${info.user}.`);
      }
      login = { token: credential.token, user, expiresAt: info.expiresAt };
    }
    const earlier = this.list().find((h) => h.hubUrl === hubUrl && h.user === user);
    const record: HubRecord = {
      id: earlier?.id ?? randomUUID().slice(0, 8), hubUrl, user, expiresAt: login.expiresAt, issuedAt: new Date(this.now()).toISOString(), tokenId: login.tokenId,
    };
    await this.secrets.store(record.id, login.token);
    await this.records.putHub(record);
    this.changeEmitter.fire();
    return record;
  }

  /** Forgets the hub and its token. Servers on the hub keep running. */
  async logout(id: string): Promise<void> {
    await this.records.remove(id);
    await this.secrets.delete(id);
    this.servers.delete(id);
    this.changeEmitter.fire();
  }

  async refresh(id: string, token?: CancellationToken): Promise<HubServerInfo[]> {
    const hub = this.require(id);
    const servers = await this.api.hubServers({ hubUrl: hub.hubUrl, user: hub.user, token: await this.token(hub, token) }, token);
    const changed = JSON.stringify(this.servers.get(id)) !== JSON.stringify(servers);
    this.servers.set(id, servers);
    // Only a real change: the tree lists servers when it redraws, and must not redraw for its own listing.
    if (changed) {
      this.changeEmitter.fire();
    }
    return servers;
  }

  /** Starts (spawns) the default server or a named one, creating it; spawn progress arrives through options.onProgress. */
  async start(id: string, name: string, options?: RequestOptions & { spawnOptions?: Record<string, unknown> }): Promise<HubServerInfo> {
    const hub = this.require(id);
    const secret = await this.token(hub, options?.token);
    try {
      return await this.api.hubStart({ hubUrl: hub.hubUrl, user: hub.user, token: secret, name, options: options?.spawnOptions }, options);
    } finally {
      await this.refresh(id).catch(() => undefined);
    }
  }

  async stop(id: string, name: string, remove: boolean, token?: CancellationToken): Promise<void> {
    const hub = this.require(id);
    try {
      await this.api.hubStop({ hubUrl: hub.hubUrl, user: hub.user, token: await this.token(hub, token), name, remove }, token);
    } finally {
      await this.refresh(id).catch(() => undefined);
    }
  }

  async kernels(id: string, name: string, token?: CancellationToken): Promise<KernelSpecInfo[]> {
    const hub = this.require(id);
    return this.api.hubKernels({ hubUrl: hub.hubUrl, user: hub.user, token: await this.token(hub, token), name }, token);
  }

  async connection(id: string, name: string, token?: CancellationToken): Promise<HubConnection> {
    const hub = this.require(id);
    const secret = await this.token(hub, token);
    const server = (this.servers.get(id) ?? []).find((s) => s.name === name) ?? (await this.refresh(id, token)).find((s) => s.name === name);
    if (!server?.ready) {
      throw new Error(`${serverName(hub, name)} is not running on the hub; start it from the Remote Jupyter view.`);
    }
    return { baseUrl: server.url, token: secret };
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }

  /** The stored token, renewed first once past half its life (when the hub lets a token make tokens). */
  private async token(hub: HubRecord, cancel?: CancellationToken): Promise<string> {
    const secret = await this.secrets.get(hub.id);
    if (secret === undefined) {
      throw new Error(`No token is stored for ${hub.user} on ${hub.hubUrl}; log in to the hub again.`);
    }
    const pending = this.renewals.get(hub.id);
    if (pending) {
      return pending;
    }
    // Re-read: the caller's record may predate a renewal that finished meanwhile.
    const current = this.get(hub.id) ?? hub;
    if (!current.expiresAt || !current.issuedAt) {
      return secret;
    }
    const issued = Date.parse(current.issuedAt);
    const expires = Date.parse(current.expiresAt);
    if (this.now() < issued + (expires - issued) / 2) {
      return secret;
    }
    const renewal = this.renew(current, secret, cancel).finally(() => this.renewals.delete(hub.id));
    this.renewals.set(hub.id, renewal);
    return renewal;
  }

  /** A new token in place of `secret`; the sidecar revokes the old one (with tokenId on hubs that do not name it). */
  private async renew(hub: HubRecord, secret: string, cancel?: CancellationToken): Promise<string> {
    try {
      const renewed = await this.api.hubRenewToken(
        { hubUrl: hub.hubUrl, user: hub.user, token: secret, expiresInSeconds: hubTokenLifetimeSeconds, tokenId: hub.tokenId }, cancel);
      await this.secrets.store(hub.id, renewed.token);
      await this.records.putHub({ ...hub, expiresAt: renewed.expiresAt, issuedAt: new Date(this.now()).toISOString(), tokenId: renewed.tokenId });
      return renewed.token;
    } catch {
      // A token that may not make tokens still works until it expires; the hub's refusal then asks for a login.
      return secret;
    }
  }

  private require(id: string): HubRecord {
    const hub = this.get(id);
    if (!hub) {
      throw new Error('That JupyterHub is no longer in the list; add it again with "Connect Remote Jupyter".');
    }
    return hub;
  }
}

/** "default server" or "server NAME" of USER, for messages. */
export function serverName(hub: Pick<HubRecord, 'user'>, name: string): string {
  return name ? `Server "${name}" of ${hub.user}` : `The default server of ${hub.user}`;
}
