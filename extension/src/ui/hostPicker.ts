import * as vscode from 'vscode';
import type { ServerSessions } from '../sessions/serverSessions';
import type { HostEntry } from '../sidecar/contract';
import { errorMessage } from '../sidecar/sidecarError';
import type { RecentHosts } from '../storage/recentHosts';

/** A host as the person picked it: what connection/open gets, and the name shown for it. */
export interface HostChoice {
  host: string;
  alias: string;
}

export const enterHostLabel = '$(plus) Enter user@host…';
export const existingUrlLabel = '$(link) Existing Jupyter server URL…';
export const jupyterHubLabel = '$(organization) JupyterHub…';

/** Servers we do not start over SSH, offered beside the hosts. */
export type SourceChoice = 'url' | 'hub';

interface HostItem extends vscode.QuickPickItem {
  choice?: HostChoice;
  enter?: boolean;
  source?: SourceChoice;
}

/**
 * "Select an SSH host": the ssh config's aliases, recent hosts, and a way to type one; with
 * offerSources, also an existing server's URL and a JupyterHub.
 */
export async function pickHost(
  sessions: ServerSessions,
  recent: RecentHosts,
  configFile: string | undefined,
  log: vscode.LogOutputChannel,
  offerSources = false,
): Promise<HostChoice | SourceChoice | undefined> {
  const items = hostItems(sessions, recent, configFile, log).then((hosts) =>
    offerSources
      ? [
          ...hosts,
          { label: 'Servers that already run', kind: vscode.QuickPickItemKind.Separator },
          { label: existingUrlLabel, description: 'a token, a password or none; self-signed certificates too', source: 'url' as const },
          { label: jupyterHubLabel, description: 'log in, start a server, use its kernels', source: 'hub' as const },
        ]
      : hosts,
  );
  const picked = await vscode.window.showQuickPick<HostItem>(items, {
    placeHolder: offerSources ? 'Select an SSH host, or a server that already runs' : 'Select an SSH host',
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked) {
    return undefined;
  }
  return picked.source ?? (picked.enter ? enterHost() : picked.choice);
}

async function hostItems(sessions: ServerSessions, recent: RecentHosts, configFile: string | undefined, log: vscode.LogOutputChannel): Promise<HostItem[]> {
  let hosts: HostEntry[] = [];
  try {
    hosts = await sessions.listHosts(configFile);
  } catch (error) {
    // Without a readable ssh config the person can still type a host.
    log.warn(`Could not read the ssh config: ${errorMessage(error)}`);
  }
  const aliases = new Set(hosts.map((h) => h.alias));
  const recents = recent.list().filter((h) => !aliases.has(h));
  const items: HostItem[] = [];
  if (hosts.length > 0) {
    items.push({ label: 'SSH config', kind: vscode.QuickPickItemKind.Separator });
    items.push(...hosts.map((h) => ({ label: h.alias, description: `${h.user}@${h.hostName}:${h.port}`, choice: { host: h.alias, alias: h.alias } })));
  }
  if (recents.length > 0) {
    items.push({ label: 'Recent', kind: vscode.QuickPickItemKind.Separator });
    items.push(...recents.map((h) => ({ label: h, description: 'recently used', choice: { host: h, alias: h } })));
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: enterHostLabel, description: 'any host you can reach with ssh', enter: true });
  return items;
}

async function enterHost(): Promise<HostChoice | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Connect Remote Jupyter',
    prompt: 'The SSH destination, as you would give it to ssh',
    placeHolder: 'user@host or user@host:port',
    ignoreFocusOut: true,
    validateInput: (text) => (/^\S+$/.test(text.trim()) ? undefined : 'Enter user@host, user@host:port or an ssh config alias.'),
  });
  const host = value?.trim();
  return host ? { host, alias: host } : undefined;
}
