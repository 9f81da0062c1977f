import type { Memento } from 'vscode';

const key = 'remoteJupyter.recentHosts';
const limit = 10;

/** Hosts the person connected to, newest first, for the host picker and the tree. */
export class RecentHosts {
  constructor(private readonly state: Memento) {}

  list(): string[] {
    return this.state.get<string[]>(key, []);
  }

  async add(host: string): Promise<void> {
    await this.state.update(key, [host, ...this.list().filter((h) => h !== host)].slice(0, limit));
  }

  async remove(host: string): Promise<void> {
    await this.state.update(key, this.list().filter((h) => h !== host));
  }
}
