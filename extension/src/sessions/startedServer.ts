import type { ConnectedServer } from './connectedServer';

/** What servers/start gave back beyond the server itself: shown once, never remembered. */
export interface StartedServer extends ConnectedServer {
  /** The sidecar reattached to the person's server already running for this environment and folder. */
  reused: boolean;
  /** Things the person should know about the host (e.g. it kills processes at logout). */
  warnings: string[];
}
