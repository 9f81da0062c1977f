import * as os from 'os';
import * as path from 'path';
import type { EnvironmentParams, ServerParams, SlurmNodeAccess } from '../sidecar/contract';
import type { SidecarLogLevel } from '../sidecar/sidecarExecutable';
import type { TraceLevel } from '../sidecar/sidecarLogger';

/** Reads one key below `remoteJupyter.` (VS Code: WorkspaceConfiguration.get). */
export interface SettingsSource {
  get<T>(key: string): T | undefined;
}

export interface RemoteJupyterSettings {
  /** ssh config for hosts/list and connection/open; undefined means ~/.ssh/config. */
  sshConfigFile?: string;
  /** ask: the environment picker; venv: always venvPath; system: the first Python that can serve. */
  environmentKind: EnvironmentKind;
  venvPath: string;
  systemSitePackages: boolean;
  /** Project folders on the host searched for .venv/venv/env environments (remote paths, ~ allowed). */
  environmentRoots: string[];
  /** Mapped onto servers/start's `server` (the state folder is left to the sidecar). */
  server: ServerParams;
  logLevel: SidecarLogLevel;
  trace: TraceLevel;
  slurm: SlurmSettings;
}

/** What the Slurm job form starts from on a host with no submission remembered yet. */
export interface SlurmDefaults {
  partition?: string;
  time?: string;
  cpus?: number;
  mem?: string;
  gres?: string;
  account?: string;
  extraArgs?: string[];
}

export interface SlurmSettings {
  defaults: SlurmDefaults;
  /** `module load` names for every job (e.g. a site's python module). */
  modules: string[];
  nodeAccess: SlurmNodeAccess;
  /** The compute nodes' sshd port, for a jump to a node. */
  nodeSshPort: number;
}

export const defaultVenvPath = '~/.venvs/remote-jupyter';

export type EnvironmentKind = 'ask' | 'venv' | 'system';

/**
 * The environment the settings fix in advance, so the picker is skipped; undefined for 'ask'.
 * 'system' sends no environment at all: the sidecar then picks the first Python that can serve.
 */
export function presetEnvironment(settings: RemoteJupyterSettings): { params: EnvironmentParams; label: string } | undefined {
  switch (settings.environmentKind) {
    case 'venv':
      return {
        params: { venvPath: settings.venvPath, systemSitePackages: settings.systemSitePackages },
        label: path.posix.basename(settings.venvPath.replace(/\/+$/, '')) || settings.venvPath,
      };
    case 'system':
      return { params: {}, label: 'system Python' };
    default:
      return undefined;
  }
}

/**
 * Every `remoteJupyter.*` setting, checked and mapped onto what the sidecar takes. Values that
 * make no sense (negative minutes, a blank path) fall back to the sidecar's own defaults.
 */
export function readSettings(source: SettingsSource, home = os.homedir()): RemoteJupyterSettings {
  const sshConfigFile = text(source.get('sshConfigFile'));
  return {
    // A local path: ~ means this machine's home, which only we can expand.
    sshConfigFile: sshConfigFile ? expandHome(sshConfigFile, home) : undefined,
    // Remote paths keep their ~: the sidecar expands it on the host.
    environmentKind: oneOf(source.get('defaultEnvironment.kind'), ['ask', 'venv', 'system'] as const, 'ask'),
    venvPath: text(source.get('defaultEnvironment.venvPath')) ?? defaultVenvPath,
    systemSitePackages: source.get<boolean>('defaultEnvironment.systemSitePackages') ?? true,
    environmentRoots: stringList(source.get('environmentRoots')) ?? [],
    server: {
      extraArgs: stringList(source.get('server.extraArgs')),
      idleShutdownMinutes: positive(source.get('server.idleShutdownMinutes')),
      niceLevel: integer(source.get('server.niceLevel'), -20, 19),
      memoryLimitMb: positive(source.get('server.memoryLimitMb')),
      startTimeoutSeconds: positive(source.get('server.startTimeoutSeconds')),
      // Defaults (reuse, detached) are left to the sidecar, like the other settings.
      reuse: source.get<boolean>('server.reuseRunningServer') === false ? false : undefined,
      persistence: source.get('server.persistence') === 'tmux' ? 'tmux' : undefined,
    },
    logLevel: oneOf(source.get('logLevel'), ['info', 'debug', 'trace'] as const, 'info'),
    trace: oneOf(source.get('trace.server'), ['off', 'messages', 'verbose'] as const, 'off'),
    slurm: {
      defaults: slurmDefaults(source.get('slurm.defaults')),
      modules: stringList(source.get('slurm.modules')) ?? [],
      nodeAccess: oneOf(source.get('slurm.nodeAccess'), ['auto', 'jump', 'node-address'] as const, 'auto'),
      nodeSshPort: integer(source.get('slurm.nodeSshPort'), 1, 65535) ?? 22,
    },
  };
}

// A hand-edited object: each field is taken only when it has the right type.
function slurmDefaults(value: unknown): SlurmDefaults {
  if (typeof value !== 'object' || value === null) {
    return {};
  }
  const v = value as Record<string, unknown>;
  const extraArgs = typeof v.extraArgs === 'string' ? (text(v.extraArgs)?.split(/\s+/) ?? undefined) : stringList(v.extraArgs);
  return {
    partition: text(v.partition),
    time: text(v.time),
    cpus: positive(v.cpus),
    mem: text(v.mem),
    gres: text(v.gres),
    account: text(v.account),
    extraArgs,
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const items = value.filter((v): v is string => typeof v === 'string' && v !== '');
  return items.length > 0 ? items : undefined;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}

function integer(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function expandHome(file: string, home: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(home, file.slice(1)) : file;
}
