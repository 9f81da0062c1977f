import type { ServerRecord } from './connectedServer';

/** The servers the person started, across reloads (VS Code: globalState). */
export interface ServerRecordStore {
  load(): ServerRecord[];
  save(records: ServerRecord[]): Promise<void>;
}

/** Jupyter tokens by server id (VS Code: SecretStorage). */
export interface TokenStore {
  get(id: string): Promise<string | undefined>;
  store(id: string, token: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/** In-memory stores, for tests and for a session that should remember nothing. */
export class MemoryServerRecordStore implements ServerRecordStore {
  private records: ServerRecord[] = [];

  load(): ServerRecord[] {
    return [...this.records];
  }

  async save(records: ServerRecord[]): Promise<void> {
    this.records = [...records];
  }
}

export class MemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, string>();

  async get(id: string): Promise<string | undefined> {
    return this.tokens.get(id);
  }

  async store(id: string, token: string): Promise<void> {
    this.tokens.set(id, token);
  }

  async delete(id: string): Promise<void> {
    this.tokens.delete(id);
  }
}
