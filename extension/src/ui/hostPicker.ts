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

interface HostItem extends vscode.QuickPickItem {
  choice?: HostChoice;
  enter?: boolean;
}

/** "Select an SSH host": the ssh config's aliases, recent hosts, and a way to type one. */
export async function pickHost(
  sessions: ServerSessions,
  recent: RecentHosts,
  configFile: string | undefined,
  log: vscode.LogOutputChannel,
): Promise<HostChoice | undefined> {
  const picked = await vscode.window.showQuickPick(hostItems(sessions, recent, configFile, log), {
    placeHolder: 'Select an SSH host',
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked) {
    return undefined;
  }
  return picked.enter ? enterHost() : picked.choice;
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
