import type { ConnectedServer } from '../sessions/connectedServer';
import { slurmAccessText } from '../sessions/slurmAccessText';
import type { ServerInfo } from '../sidecar/contract';

const mebibyte = 1024 * 1024;

/** "3h 12m · 2 kernels · 123 MiB": a server row's description in the Hosts view. */
export function serverDescription(info: ServerInfo): string {
  if (!info.alive) {
    return 'not running';
  }
  const parts: string[] = [];
  if (info.uptimeSeconds !== undefined) {
    parts.push(formatUptime(info.uptimeSeconds));
  }
  if (info.kernels !== undefined && info.kernels !== null) {
    parts.push(`${info.kernels} ${info.kernels === 1 ? 'kernel' : 'kernels'}`);
  }
  if (info.memoryBytes !== undefined && info.memoryBytes !== null) {
    parts.push(formatMemory(info.memoryBytes));
  }
  if (info.responding === false) {
    parts.push('not responding');
  }
  return parts.join(' · ');
}

/** The row's tooltip: what a person checks before stopping or reattaching to a server. */
export function serverTooltip(server: ConnectedServer, info: ServerInfo | undefined): string {
  const lines = [`Jupyter server ${server.serverId} on ${server.alias}`];
  if (info) {
    lines.push(`pid ${info.pid} · port ${info.remotePort}`);
  }
  lines.push(`python: ${info?.python ?? server.python} (Python ${server.pythonVersion})`);
  if (info) {
    lines.push(
      `working dir: ${info.workingDirectory}`,
      `persistence: ${info.persistence === 'tmux' ? `tmux (tmux attach -t remote-jupyter-${server.serverId})` : (info.persistence ?? 'detached')}`,
      `memory cap: ${info.memoryLimit === 'systemd' ? 'systemd scope (MemoryMax)' : info.memoryLimit === 'ulimit' ? 'ulimit -v' : 'none'}`,
      `last activity: ${info.lastActivity ? new Date(info.lastActivity).toLocaleString() : 'unknown'}`,
    );
  }
  if (server.url) {
    lines.push(`local URL: ${server.url}`);
  }
  if (server.slurm) {
    const access = server.state === 'connected' ? slurmAccessText(server.slurm) : '';
    lines.push(`Slurm job ${server.slurm.jobId} on ${server.slurm.node ?? '?'}${access ? `, ${access}` : ''}`);
  }
  if (server.message) {
    lines.push(server.message);
  }
  return lines.join('\n');
}

/** 45s, 12m, 3h 5m, 2d 4h. */
export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) {
    return `${s}s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)}m`;
  }
  if (s < 86_400) {
    return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  }
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/** Resident memory in MiB (GiB above 10 GiB, one decimal). */
export function formatMemory(bytes: number): string {
  const mib = bytes / mebibyte;
  return mib >= 10 * 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${Math.round(mib)} MiB`;
}
