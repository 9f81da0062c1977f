import * as vscode from 'vscode';
import type { DisposableStore } from '../lifecycle/disposableStore';
import { serverName } from '../sources/hubSources';
import type { RemoteJupyterSettings } from '../settings/remoteJupyterSettings';
import type { HubRecord } from '../sources/sourceRecords';
import type { SourceServers } from '../sources/sourceServers';
import type { HostsTreeNode } from '../ui/hostsTreeNodes';
import type { SourceFlows } from '../ui/sourceFlows';
import { CommandIds } from './commandIds';

/**
 * Commands on existing servers and hubs. From the tree they get the node; from the palette they ask
 * which hub or server they are about.
 */
export function registerSourceCommands(store: DisposableStore, sources: SourceServers, flows: SourceFlows, settings: () => RemoteJupyterSettings): void {
  const register = (id: string, run: (node?: HostsTreeNode) => unknown) => store.add(vscode.commands.registerCommand(id, run));
  const hubOf = async (node?: HostsTreeNode): Promise<HubRecord | undefined> =>
    node?.kind === 'hub' || node?.kind === 'hubServer' ? node.hub : pickHub(sources);

  register(CommandIds.addUrlSource, () => flows.addUrl());
  register(CommandIds.addHub, () => flows.addHub());
  register(CommandIds.addUrlSourceOnHost, (node) =>
    node?.kind === 'host' ? flows.addUrl({ host: node.host, alias: node.alias, configFile: settings().sshConfigFile }) : flows.addUrl(),
  );
  register(CommandIds.hubLogIn, async (node) => {
    const hub = await hubOf(node);
    return hub ? flows.addHub(hub) : flows.addHub();
  });
  register(CommandIds.removeSource, async (node) => {
    if (node?.kind === 'urlSource') {
      return sources.urls.remove(node.source.id);
    }
    const hub = await hubOf(node);
    if (hub && (await confirm(`Forget ${hub.hubUrl} and the token of ${hub.user}? Servers on the hub keep running.`, 'Forget'))) {
      await sources.hubs.logout(hub.id);
    }
  });
  register(CommandIds.hubStartServer, async (node) => {
    if (node?.kind === 'hubServer') {
      return flows.startHubServer(node.hub, node.server.name);
    }
    const hub = await hubOf(node);
    return hub && (node?.kind === 'hub' ? flows.startHubServer(hub, '') : flows.pickHubServer(hub));
  });
  register(CommandIds.hubNewServer, async (node) => {
    const hub = await hubOf(node);
    return hub && flows.newNamedServer(hub);
  });
  register(CommandIds.hubStopServer, async (node) => {
    if (node?.kind !== 'hubServer') {
      return;
    }
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Stopping ${serverName(node.hub, node.server.name).toLowerCase()}` }, () =>
      sources.hubs.stop(node.hub.id, node.server.name, false).catch((error: unknown) => flows.report(error, node.hub)),
    );
  });
  register(CommandIds.hubDeleteServer, async (node) => {
    if (node?.kind !== 'hubServer' || !node.server.name) {
      return;
    }
    if (await confirm(`Delete the named server "${node.server.name}" of ${node.hub.user}? The hub stops it and forgets it.`, 'Delete')) {
      await sources.hubs.stop(node.hub.id, node.server.name, true).catch((error: unknown) => flows.report(error, node.hub));
    }
  });
}

async function pickHub(sources: SourceServers): Promise<HubRecord | undefined> {
  const hubs = sources.hubs.list();
  if (hubs.length <= 1) {
    return hubs[0];
  }
  const picked = await vscode.window.showQuickPick(
    hubs.map((hub) => ({ label: hub.hubUrl, description: hub.user, hub })),
    { placeHolder: 'Select a JupyterHub' },
  );
  return picked?.hub;
}

async function confirm(message: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action;
}
