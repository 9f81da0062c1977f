import type { HostConnection } from '../sessions/hostConnection';
import { errorMessage } from '../sidecar/sidecarError';

/**
 * One listing per connection (environments, images, Slurm's partitions) shared by every draw of the
 * tree until cleared: a redraw must not cost the host another round trip. A failed listing is
 * forgotten, so the next draw asks again, and reads as `fallback` with a warning.
 */
export class ConnectionCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(
    private readonly load: (connection: HostConnection) => Promise<T>,
    private readonly warn: (message: string) => void,
  ) {}

  async get(connection: HostConnection, what: string, fallback: T): Promise<T> {
    const key = connection.connectionId;
    if (!this.entries.has(key)) {
      this.entries.set(key, this.load(connection));
    }
    try {
      return await this.entries.get(key)!;
    } catch (error) {
      this.entries.delete(key);
      this.warn(`${what} on ${connection.alias}: ${errorMessage(error)}`);
      return fallback;
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
