import type { CancellationToken } from 'vscode-jsonrpc';
import type { ProgressValue, SlurmParams, SlurmStartResult } from '../sidecar/contract';
import { ConnectedServer, serverKey } from './connectedServer';
import type { HostConnection } from './hostConnection';
import { endsAtFrom } from './slurmWalltime';

/** What slurm/start needs beyond the connection, and how the new server is named. */
export interface SlurmStartOptions {
  params: SlurmParams;
  /** The Python's version when it was picked from the host's environments (labels only). */
  pythonVersion?: string;
  stateDir?: string;
  token?: CancellationToken;
  onProgress?: (value: ProgressValue) => void;
}

/** "Slurm debug · job 12": a job's server in the kernel picker, the status bar and the tree. */
export function slurmEnvironmentLabel(partition: string | undefined, jobId: string): string {
  return `Slurm ${partition ? `${partition} · ` : ''}job ${jobId}`;
}

/**
 * The server record of a job slurm/start or slurm/attach returned. The partition is the one
 * asked for when an older sidecar does not report it; the walltime is counted from `now`.
 */
export function slurmServer(connection: HostConnection, result: SlurmStartResult, options: Omit<SlurmStartOptions, 'token' | 'onProgress'>, now: number): ConnectedServer {
  const partition = result.partition ?? options.params.partition;
  return {
    id: serverKey(connection.alias, result.serverId),
    alias: connection.alias,
    host: connection.host,
    configFile: connection.configFile,
    serverId: result.serverId,
    stateDir: options.stateDir,
    environment: slurmEnvironmentLabel(partition, result.jobId),
    python: options.params.pythonPath ?? 'python3',
    pythonVersion: options.pythonVersion ?? '',
    state: 'connected',
    url: result.url,
    localPort: result.localPort,
    connectionId: connection.connectionId,
    slurm: {
      jobId: result.jobId,
      partition,
      node: result.node,
      params: options.params,
      timeLimitSeconds: result.timeLimitSeconds,
      endsAt: endsAtFrom(result.timeLeftSeconds, now),
      access: result.access,
    },
  };
}
