import type { EnvironmentInfo, SlurmInfo, SlurmParams, SlurmPartitionInfo } from '../sidecar/contract';
import type { SlurmDefaults } from '../settings/remoteJupyterSettings';

/**
 * The job form's values and their checks, without 'vscode' (tests use them). Checking here
 * means a typo is explained in the input box, not by sbatch after the person waited.
 */

/** What the person chooses for one job; everything absent is the site's default. */
export interface SlurmJobValues extends SlurmDefaults {
  pythonPath?: string;
  /** Set with pythonPath when it belongs to a conda environment or a venv: the job activates it first. */
  condaPrefix?: string;
  venvPath?: string;
}

export type SlurmField = 'time' | 'cpus' | 'mem' | 'gres' | 'account' | 'extraArgs' | 'pythonPath';

/** The rows of the "Slurm job" summary, in order, with the input box's prompt and example. */
export const slurmFields: { field: SlurmField; label: string; prompt: string; placeholder: string }[] = [
  { field: 'time', label: 'Time limit', prompt: 'Walltime: minutes, H:MM:SS or D-HH:MM:SS (empty: the partition default)', placeholder: '1:00:00' },
  { field: 'cpus', label: 'CPUs', prompt: 'CPUs for the job (--cpus-per-task; empty: the default)', placeholder: '4' },
  { field: 'mem', label: 'Memory', prompt: 'Memory for the job (--mem, e.g. 16G; empty: the default)', placeholder: '16G' },
  { field: 'gres', label: 'GPUs (--gres)', prompt: 'Generic resources (--gres, e.g. gpu:1; empty: none)', placeholder: 'gpu:1' },
  { field: 'account', label: 'Account', prompt: 'Account to charge (--account; empty: your default)', placeholder: 'my-lab' },
  { field: 'extraArgs', label: 'Extra sbatch options', prompt: 'More sbatch options, separated by spaces (each is passed as one argument)', placeholder: '--qos=short --constraint=avx2' },
  { field: 'pythonPath', label: 'Python on the node', prompt: 'The Python with jupyter_server on the compute node', placeholder: 'python3' },
];

/** Slurm's --time formats: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S, and UNLIMITED/INFINITE. */
const timePattern = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})$/;

/** The input box's check of one field: undefined when the text is fine (empty is always fine: the default). */
export function validateField(field: SlurmField, text: string): string | undefined {
  const value = text.trim();
  if (value === '') {
    return undefined;
  }
  switch (field) {
    case 'time':
      return timePattern.test(value) || /^(unlimited|infinite)$/i.test(value)
        ? undefined
        : 'Use minutes (90), H:MM:SS (1:30:00) or D-HH:MM:SS (1-00:00:00).';
    case 'cpus':
      return /^[1-9]\d{0,4}$/.test(value) ? undefined : 'Enter a whole number of CPUs, at least 1.';
    case 'mem':
      return /^\d+(\.\d+)?[KMGT]?B?$/i.test(value) ? undefined : 'Enter a size such as 4000 (MB), 16G or 1T.';
    case 'gres':
      return /^[\w.:\-,()=]+$/.test(value) ? undefined : 'Enter gres without spaces, e.g. gpu:1 or gpu:a100:2.';
    case 'account':
      return /^[\w.\-]+$/.test(value) ? undefined : 'An account name has no spaces or special characters.';
    case 'extraArgs':
      return value.split(/\s+/)[0].startsWith('-') ? undefined : 'Start with an option, e.g. --qos=short.';
    case 'pythonPath':
      return /\s/.test(value) ? 'Enter one path or command, without spaces.' : undefined;
  }
}

/** Sets a field from the input box's text; empty text means the default. */
export function withField(values: SlurmJobValues, field: SlurmField, text: string): SlurmJobValues {
  const value = text.trim();
  const next = { ...values };
  if (value === '') {
    delete next[field];
  } else if (field === 'cpus') {
    next.cpus = Number(value);
  } else if (field === 'extraArgs') {
    next.extraArgs = value.split(/\s+/);
  } else {
    next[field] = value;
  }
  return next;
}

/** The field as the summary row and the input box show it; '' when it is the default. */
export function fieldText(values: SlurmJobValues, field: SlurmField): string {
  const value = values[field];
  return value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
}

/**
 * Where the form starts: the host's last submission, else the settings, with the partition taken
 * only if the cluster still has it; the Python is the last one, else the first environment that can serve.
 */
export function initialValues(last: SlurmJobValues | undefined, defaults: SlurmDefaults, info: SlurmInfo, environments: EnvironmentInfo[]): SlurmJobValues {
  const start: SlurmJobValues = last ? { ...last } : { ...defaults };
  if (start.partition && !info.partitions.some((p) => p.name === start.partition)) {
    delete start.partition;
  }
  start.partition ??= info.partitions.find((p) => p.isDefault)?.name ?? info.partitions[0]?.name;
  if (start.pythonPath === undefined) {
    Object.assign(start, withPython(start, environments.find((e) => e.canServe)?.pythonPath ?? 'python3', environments));
  }
  return start;
}

/**
 * The form with `pythonPath`, and what the job activates before running it: a conda environment's
 * prefix (its libraries need the activation's variables) or a venv's folder; nothing for a typed path.
 */
export function withPython(values: SlurmJobValues, pythonPath: string, environments: EnvironmentInfo[]): SlurmJobValues {
  const { condaPrefix: _conda, venvPath: _venv, ...rest } = values;
  const environment = environments.find((e) => e.pythonPath === pythonPath);
  const next: SlurmJobValues = { ...rest, pythonPath };
  if (environment?.kind === 'conda') {
    next.condaPrefix = environment.path;
  } else if (environment && ['venv', 'virtualenv', 'uv'].includes(environment.kind)) {
    next.venvPath = environment.path;
  }
  return next;
}

/** What slurm/start gets: the form plus the settings that are not asked each time. */
export function toSlurmParams(values: SlurmJobValues, modules: string[], nodeAccess: SlurmParams['nodeAccess'], nodeSshPort?: number): SlurmParams {
  return {
    ...values,
    ...(nodeSshPort !== undefined && nodeSshPort !== 22 ? { nodeSshPort } : {}),
    modules: modules.length > 0 ? modules : undefined,
    // 'auto' is the sidecar's own default: an older sidecar without the field then behaves the same.
    nodeAccess: nodeAccess === 'auto' ? undefined : nodeAccess,
  };
}

/** "default · 1/1 nodes idle · 2 CPUs/node · no time limit" (and "down" when it is). */
export function partitionDescription(p: SlurmPartitionInfo): string {
  return [
    p.isDefault ? 'default' : undefined,
    p.up ? undefined : 'down',
    `${p.idleNodes}/${p.nodes} nodes idle`,
    p.cpusPerNode ? `${p.cpusPerNode} CPUs/node` : undefined,
    p.gres && p.gres !== '(null)' ? p.gres : undefined,
    p.timeLimitSeconds === undefined ? 'no time limit' : `max ${durationText(p.timeLimitSeconds)}`,
  ]
    .filter((part) => part !== undefined)
    .join(' · ');
}

/** "1:00:00", "2-00:00:00": a duration the way Slurm writes it. */
export function durationText(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const rest = seconds % 86_400;
  const hms = [Math.floor(rest / 3600), Math.floor((rest % 3600) / 60), rest % 60].map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, '0'))).join(':');
  return days > 0 ? `${days}-${hms.padStart(8, '0')}` : hms;
}

/** "Slurm: 2 partitions": the environment picker row's description. */
export function clusterDescription(info: SlurmInfo): string {
  const count = info.partitions.length;
  return `Slurm: ${count} partition${count === 1 ? '' : 's'}`;
}

/** "slurm-wlm 22.05.8" as sinfo --version says it, "Slurm 23.11" when it gives only the number. */
export function slurmVersionText(version: string): string {
  return /slurm/i.test(version) ? version : `Slurm ${version}`;
}
