import { serverLabel } from '../sessions/connectedServer';
import type { StartedServer } from '../sessions/startedServer';

/**
 * The notification after Connect: a reattached server says so, because its kernels and variables
 * are still there (no 'vscode' import: tests check the wording).
 */
export function startMessage(started: StartedServer): string {
  return started.reused
    ? `Reattached to your running Jupyter server ${serverLabel(started)} (${started.serverId}): its kernels and variables are kept.`
    : `Started a Jupyter server ${serverLabel(started)} (${started.serverId}).`;
}

/** One warning notification per entry, each said once per start. */
export function startWarnings(started: StartedServer): string[] {
  return [...new Set(started.warnings)].map((warning) => `${started.alias}: ${warning}`);
}
