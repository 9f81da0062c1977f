import type * as vscode from 'vscode';
import type { SourceAuth } from '../sidecar/contract';

/** An existing Jupyter server the person added by URL. Its token or password lives in SecretStorage. */
export interface UrlSourceRecord {
  id: string;
  /** The URL as shown: never with a token in it. */
  url: string;
  auth: SourceAuth;
  /** The SSH host the URL is reached through (a server on that host's loopback), if any. */
  via?: ViaHost;
}

/** An SSH host as connection/open takes it. */
export interface ViaHost {
  host: string;
  alias: string;
  configFile?: string;
}

/** A JupyterHub the person logged in to. The API token lives in SecretStorage. */
export interface HubRecord {
  id: string;
  hubUrl: string;
  user: string;
  /** When the hub said the token expires (ISO time); absent for tokens without expiry. */
  expiresAt?: string;
  /** When the token was made or last renewed (ISO time): renewal happens past half its life. */
  issuedAt?: string;
  /** The hub's id of the token (not secret): hubs before 5.0 need it to revoke the token a renewal replaces. */
  tokenId?: string;
}

interface Stored {
  urls: UrlSourceRecord[];
  hubs: HubRecord[];
}

const key = 'remoteJupyter.sources';

/** The sources that survive a reload (globalState), without their secrets. */
export class SourceRecordStore {
  constructor(private readonly memento: vscode.Memento) {}

  urls(): UrlSourceRecord[] {
    return this.read().urls;
  }

  hubs(): HubRecord[] {
    return this.read().hubs;
  }

  async putUrl(record: UrlSourceRecord): Promise<void> {
    const stored = this.read();
    await this.write({ ...stored, urls: [...stored.urls.filter((r) => r.id !== record.id), record] });
  }

  async putHub(record: HubRecord): Promise<void> {
    const stored = this.read();
    await this.write({ ...stored, hubs: [...stored.hubs.filter((r) => r.id !== record.id), record] });
  }

  async remove(id: string): Promise<void> {
    const stored = this.read();
    await this.write({ urls: stored.urls.filter((r) => r.id !== id), hubs: stored.hubs.filter((r) => r.id !== id) });
  }

  private read(): Stored {
    const stored = this.memento.get<Partial<Stored>>(key);
    return { urls: stored?.urls ?? [], hubs: stored?.hubs ?? [] };
  }

  private write(stored: Stored): Thenable<void> {
    return this.memento.update(key, stored);
  }
}
