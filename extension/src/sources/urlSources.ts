import { randomUUID } from 'crypto';
import { CancellationToken, Emitter, Event } from 'vscode-jsonrpc';
import type { KernelSpecInfo, SourceAuth, UrlSourceResult } from '../sidecar/contract';
import type { SidecarApi } from '../sidecar/sidecarApi';
import type { RequestOptions } from '../sidecar/sidecarClient';
import { errorName } from '../sidecar/sidecarError';
import type { SourceRecordStore, UrlSourceRecord, ViaHost } from './sourceRecords';
import type { SourceSecrets } from './sourceSecrets';

/** What a Jupyter client needs for a URL source: our local endpoint and the headers that log it in (secrets). */
export interface UrlConnection {
  baseUrl: string;
  headers: Record<string, string>;
}

export interface UrlSourceView extends UrlSourceRecord {
  /** Our local endpoint while the sidecar serves it. */
  localUrl?: string;
  certificateFingerprint?: string;
}

/**
 * Existing Jupyter servers added by URL. The sidecar holds the live login (cookie renewal, TLS relay);
 * after a reload or a sidecar restart the source is added again from the kept secret on first use.
 * No 'vscode' import: tests drive it against the real sidecar.
 */
export class UrlSources {
  private readonly live = new Map<string, UrlSourceResult>();
  private readonly changeEmitter = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changeEmitter.event;

  constructor(
    private readonly api: SidecarApi,
    private readonly records: SourceRecordStore,
    private readonly secrets: SourceSecrets,
    /** Opens (or reuses) the SSH connection to a host and returns its connectionId. */
    private readonly connectVia: (via: ViaHost, token?: CancellationToken) => Promise<string> = () =>
      Promise.reject(new Error('Reaching a server through an SSH host is not available here.')),
  ) {
    // A new sidecar process knows none of the old one's sources.
    api.client.onDidRestart(() => {
      this.live.clear();
      this.changeEmitter.fire();
    });
  }

  list(): UrlSourceView[] {
    return this.records.urls().map((r) => {
      const live = this.live.get(r.id);
      return { ...r, localUrl: live?.localUrl, certificateFingerprint: live?.certificateFingerprint };
    });
  }

  get(id: string): UrlSourceView | undefined {
    return this.list().find((r) => r.id === id);
  }

  /**
   * Reaches the server (may ask about its certificate through prompt/certificate), then remembers it.
   * With `via`, the URL is as that SSH host sees it and is reached through a tunnel. Adding the same
   * URL (through the same host) again replaces the earlier entry and its secret.
   */
  async add(url: string, auth: SourceAuth, secret: string | undefined, options?: RequestOptions, via?: ViaHost): Promise<UrlSourceView> {
    const viaConnectionId = via ? await this.connectVia(via, options?.token) : undefined;
    const result = await this.api.addUrlSource({ url, ...credentials(auth, secret), viaConnectionId }, options);
    const earlier = this.records.urls().find((r) => r.url === result.url && r.via?.host === via?.host);
    const record: UrlSourceRecord = { id: earlier?.id ?? randomUUID().slice(0, 8), url: result.url, auth, via };
    if (earlier) {
      await this.forgetLive(earlier.id);
    }
    this.live.set(record.id, result);
    await this.records.putUrl(record);
    if (secret !== undefined && auth !== 'none') {
      await this.secrets.store(record.id, secret);
    }
    this.changeEmitter.fire();
    return this.get(record.id)!;
  }

  /** The endpoint and fresh headers (the sidecar logs in again when a cookie expired). */
  async connection(id: string, token?: CancellationToken): Promise<UrlConnection> {
    let live = await this.ensureLive(id, token);
    try {
      live = await this.api.renewUrlSource({ sourceId: live.sourceId }, token);
    } catch (error) {
      if (errorName(error) !== 'unknownId') {
        throw error;
      }
      // The sidecar restarted between the two calls.
      this.live.delete(id);
      live = await this.ensureLive(id, token);
    }
    this.live.set(id, live);
    return { baseUrl: live.localUrl, headers: live.headers };
  }

  async kernels(id: string, token?: CancellationToken): Promise<KernelSpecInfo[]> {
    const live = await this.ensureLive(id, token);
    return this.api.sourceKernels({ sourceId: live.sourceId }, token);
  }

  /** Forgets the source and its secret; the server itself keeps running. */
  async remove(id: string): Promise<void> {
    await this.forgetLive(id);
    await this.records.remove(id);
    await this.secrets.delete(id);
    this.changeEmitter.fire();
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }

  private async ensureLive(id: string, token?: CancellationToken): Promise<UrlSourceResult> {
    const known = this.live.get(id);
    if (known) {
      return known;
    }
    const record = this.records.urls().find((r) => r.id === id);
    if (!record) {
      throw new Error('That Jupyter server is no longer in the list; add it again with "Connect Remote Jupyter".');
    }
    const secret = record.auth === 'none' ? undefined : await this.secrets.get(id);
    if (record.auth !== 'none' && secret === undefined) {
      throw new Error(`The ${record.auth} for ${record.url} is no longer stored; remove the server and add it again.`);
    }
    const viaConnectionId = record.via ? await this.connectVia(record.via, token) : undefined;
    const result = await this.api.addUrlSource({ url: record.url, ...credentials(record.auth, secret), viaConnectionId }, { token });
    this.live.set(id, result);
    this.changeEmitter.fire();
    return result;
  }

  private async forgetLive(id: string): Promise<void> {
    const live = this.live.get(id);
    this.live.delete(id);
    if (live) {
      await this.api.removeSource({ sourceId: live.sourceId }).catch(() => undefined);
    }
  }
}

function credentials(auth: SourceAuth, secret: string | undefined): { token?: string; password?: string } {
  return auth === 'token' ? { token: secret } : auth === 'password' ? { password: secret } : {};
}
