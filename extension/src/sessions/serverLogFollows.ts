import { CancellationTokenSource, Emitter, Event } from 'vscode-jsonrpc';
import type { ServerSessions } from './serverSessions';

/** Why a follow ended: the person stopped it, the server exited, or the request failed. */
export type FollowEnd = { reason: 'stopped' } | { reason: 'serverExited' } | { reason: 'failed'; error: unknown };

export interface FollowHandlers {
  onLines(lines: string[]): void;
  onEnd?(end: FollowEnd): void;
}

/**
 * The server logs being followed: at most one servers/logs request with follow per server, each
 * cancelled by stop(), or all at once by dispose() (deactivation). No 'vscode' import.
 */
export class ServerLogFollows {
  private readonly follows = new Map<string, CancellationTokenSource>();
  private readonly changeEmitter = new Emitter<void>();

  /** A follow started or ended. */
  readonly onDidChange: Event<void> = this.changeEmitter.event;

  constructor(private readonly sessions: ServerSessions) {}

  /** Ids (ServerSessions ids) of the servers whose log is being followed. */
  list(): string[] {
    return [...this.follows.keys()];
  }

  isFollowing(id: string): boolean {
    return this.follows.has(id);
  }

  /**
   * Starts following the server's log unless that already happens (then returns undefined and
   * changes nothing). The promise resolves when the follow has ended, however it ended.
   */
  start(id: string, handlers: FollowHandlers, lines?: number): Promise<FollowEnd> | undefined {
    if (this.follows.has(id)) {
      return undefined;
    }
    const source = new CancellationTokenSource();
    this.follows.set(id, source);
    this.changeEmitter.fire();
    return this.sessions.followLogs(id, (l) => handlers.onLines(l), source.token, lines).then(
      (): FollowEnd => (source.token.isCancellationRequested ? { reason: 'stopped' } : { reason: 'serverExited' }),
      (error: unknown): FollowEnd => ({ reason: 'failed', error }),
    ).then((end) => {
      if (this.follows.get(id) === source) {
        this.follows.delete(id);
        this.changeEmitter.fire();
      }
      source.dispose();
      handlers.onEnd?.(end);
      return end;
    });
  }

  /** Cancels the follow of one server; false when it was not being followed. */
  stop(id: string): boolean {
    const source = this.follows.get(id);
    if (!source) {
      return false;
    }
    // Removed at once, so a new follow can start while the old request winds down.
    this.follows.delete(id);
    source.cancel();
    this.changeEmitter.fire();
    return true;
  }

  dispose(): void {
    for (const id of this.list()) {
      this.stop(id);
    }
    this.changeEmitter.dispose();
  }
}
