import * as vscode from 'vscode';
import type { DisposableStore } from '../lifecycle/disposableStore';
import type { ConnectedServer } from '../sessions/connectedServer';
import type { ServerLogFollows } from '../sessions/serverLogFollows';
import type { ServerSessions } from '../sessions/serverSessions';
import type { SourceServers } from '../sources/sourceServers';
import type { ConnectFlow } from '../ui/connectFlow';
import type { EnvironmentActions } from '../ui/environmentActions';
import type { HostsTreeProvider } from '../ui/hostsTree';
import type { HostsTreeNode } from '../ui/hostsTreeNodes';
import type { ServerActions } from '../ui/serverActions';
import type { ServerLogChannels } from '../ui/serverLogChannels';
import { showServerMenu } from '../ui/serverMenu';
import { pickServer } from '../ui/serverPicker';
import { CommandIds } from './commandIds';

export interface CommandTargets {
  sessions: ServerSessions;
  sources: SourceServers;
  flow: ConnectFlow;
  actions: ServerActions;
  tree: HostsTreeProvider;
  environments: EnvironmentActions;
  logChannels: ServerLogChannels;
  follows: ServerLogFollows;
}

/**
 * Every command takes an optional tree node (context menus pass one) and otherwise asks which
 * server or host it is about.
 */
export function registerCommands(store: DisposableStore, { sessions, sources, flow, actions, tree, environments, logChannels, follows }: CommandTargets): void {
  const register = (id: string, run: (node?: HostsTreeNode) => unknown) => store.add(vscode.commands.registerCommand(id, run));
  const server = (node: HostsTreeNode | undefined, placeHolder: string, filter?: (s: ConnectedServer) => boolean) =>
    node?.kind === 'server' || (node?.kind === 'slurmJob' && node.server)
      ? Promise.resolve(sessions.get(node.server!.id))
      : pickServer(sessions, placeHolder, filter);
  const connected = (s: ConnectedServer) => s.state === 'connected';

  register(CommandIds.connect, (node) => {
    if (node?.kind === 'environment' && node.parent.connection && node.info) {
      return flow.startOn(node.parent.connection, node.info);
    }
    if (node?.kind === 'image' && node.parent.connection) {
      return flow.startOnImage(node.parent.connection, node.name, node.engine);
    }
    const host = node?.kind === 'host' ? node : node?.kind === 'hint' || node?.kind === 'environment' || node?.kind === 'engine' || node?.kind === 'image' ? node.parent : undefined;
    return flow.run(host ? { host: host.host, alias: host.alias } : undefined);
  });
  register(CommandIds.disconnect, async (node) => {
    if (node?.kind === 'host' && node.connection) {
      return sessions.disconnect(node.connection);
    }
    const picked = await server(node, 'Select the server whose host to disconnect', connected);
    return picked && actions.disconnect(picked);
  });
  register(CommandIds.stopServer, async (node) => {
    const picked = await server(node, 'Select the server to stop');
    return picked && actions.stop(picked);
  });
  register(CommandIds.showServerLogs, async (node) => {
    const picked = await server(node, 'Select the server whose log to show');
    return picked && actions.showLogs(picked);
  });
  register(CommandIds.followServerLog, async (node) => {
    const picked = await server(node, 'Select the server whose log to follow');
    return picked && logChannels.follow(picked);
  });
  register(CommandIds.stopFollowingServerLog, async (node) => {
    const picked = node?.kind === 'server' ? node.server : await pickServer(sessions, 'Select the server whose log to stop following', (s) => follows.isFollowing(s.id));
    return picked && logChannels.stop(picked.id);
  });
  register(CommandIds.reconnect, async (node) => {
    const picked = await server(node, 'Select the server to reconnect', (s) => s.state !== 'connected');
    return picked && actions.reconnect(picked);
  });
  register(CommandIds.copyServerUrl, async (node) => {
    const picked = await server(node, 'Select the server whose URL to copy', connected);
    return picked && actions.copyUrl(picked);
  });
  register(CommandIds.openInBrowser, async (node) => {
    const picked = await server(node, 'Select the server to open in the browser', connected);
    return picked && actions.openInBrowser(picked);
  });
  register(CommandIds.refresh, () => tree.refresh());
  register(CommandIds.createEnvironment, async (node) => {
    const host = node?.kind === 'host' ? node : node?.kind === 'environment' || node?.kind === 'hint' ? node.parent : undefined;
    const connection = host?.connection ?? (await flow.connectOnly(host ? { host: host.host, alias: host.alias } : undefined));
    return connection && environments.create(connection);
  });
  register(CommandIds.registerKernel, (node) =>
    node?.kind === 'environment' && node.info && node.parent.connection ? environments.registerKernel(node.parent.connection, node.info) : undefined,
  );
  register(CommandIds.deleteEnvironment, (node) =>
    node?.kind === 'environment' && node.info && node.parent.connection ? environments.delete(node.parent.connection, node.info) : undefined,
  );
  register(CommandIds.showServers, () => showServerMenu(sessions, actions, () => flow.run(), sources));
}
