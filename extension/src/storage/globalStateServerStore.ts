import type { Memento } from 'vscode';
import type { ServerRecord } from '../sessions/connectedServer';
import type { ServerRecordStore } from '../sessions/serverStores';

const key = 'remoteJupyter.servers';

/** Started servers survive a reload in globalState (no secrets: tokens live in SecretStorage). */
export class GlobalStateServerStore implements ServerRecordStore {
  constructor(private readonly state: Memento) {}

  load(): ServerRecord[] {
    return this.state.get<ServerRecord[]>(key, []);
  }

  async save(records: ServerRecord[]): Promise<void> {
    await this.state.update(key, records);
  }
}
