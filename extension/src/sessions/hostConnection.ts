import type { ConnectionResult } from '../sidecar/contract';

/** An open SSH connection in the sidecar, and how the person named its host. */
export interface HostConnection extends ConnectionResult {
  host: string;
  alias: string;
  configFile?: string;
}

/** One connection per host and ssh config: the same alias in two config files is two hosts. */
export function connectionKey(host: string, configFile: string | undefined): string {
  return `${host}\u0000${configFile ?? ''}`;
}
