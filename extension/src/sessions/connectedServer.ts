import type { SlurmAccess, SlurmParams } from '../sidecar/contract';

/**
 * Where a server stands for the extension:
 * connected (tunnel up), reconnecting (the sidecar is remaking the SSH connection, or attaching again
 * after a sidecar restart; the tunnel keeps its port), lost (given up or attach
 * failed; Reconnect retries), disconnected (remembered from an earlier session or disconnected
 * on purpose; the remote server may still run).
 */
export type ServerState = 'connected' | 'reconnecting' | 'lost' | 'disconnected';

/** What survives a reload (globalState). The token is not here: it lives in SecretStorage. */
export interface ServerRecord {
  /** `<alias>|<serverId>`: the id Jupyter sees. */
  id: string;
  /** How the person named the host: an ssh_config alias or the user@host they typed. */
  alias: string;
  /** What connection/open is given. */
  host: string;
  configFile?: string;
  serverId: string;
  stateDir?: string;
  /** Short name of the environment, e.g. "torch" for ~/venvs/torch or "Python 3.11". */
  environment: string;
  python: string;
  pythonVersion: string;
  /** For a server in a container: its image and engine. */
  image?: string;
  engine?: string;
  /** For Jupyter in a Slurm job: attached and stopped through slurm/*, resubmitted with the same params. */
  slurm?: SlurmRecord;
}

/** The Slurm job a server runs in. `endsAt` (epoch ms) is absent when the job has no time limit. */
export interface SlurmRecord {
  jobId: string;
  partition?: string;
  node?: string;
  params: SlurmParams;
  timeLimitSeconds?: number;
  endsAt?: number;
  /** How the tunnel reached Jupyter (slurm/start, slurm/attach); absent from older sidecars and records. */
  access?: SlurmAccess;
}

export interface ConnectedServer extends ServerRecord {
  state: ServerState;
  /** Local tunnel URL (no token), while connected. */
  url?: string;
  localPort?: number;
  connectionId?: string;
  /** Why the server is lost. */
  message?: string;
}

export function serverKey(alias: string, serverId: string): string {
  return `${alias}|${serverId}`;
}

/** "<alias> · <environment>": the label in Jupyter's kernel picker, the status bar and pickers. */
export function serverLabel(server: Pick<ServerRecord, 'alias' | 'environment'>): string {
  return `${server.alias} · ${server.environment}`;
}

export function toRecord(server: ServerRecord): ServerRecord {
  const { id, alias, host, configFile, serverId, stateDir, environment, python, pythonVersion, image, engine, slurm } = server;
  return { id, alias, host, configFile, serverId, stateDir, environment, python, pythonVersion, image, engine, slurm };
}
