import * as vscode from 'vscode';
import { ConnectedServer, serverLabel } from '../sessions/connectedServer';
import type { ServerSessions } from '../sessions/serverSessions';

interface ServerItem extends vscode.QuickPickItem {
  server: ConnectedServer;
}

/** Picks one of the servers that `filter` accepts; no picker when there is only one. */
export async function pickServer(
  sessions: ServerSessions,
  placeHolder: string,
  filter: (server: ConnectedServer) => boolean = () => true,
): Promise<ConnectedServer | undefined> {
  const servers = sessions.list().filter(filter);
  if (servers.length === 0) {
    void vscode.window.showInformationMessage('Remote Jupyter has no server for this. Run "Connect Remote Jupyter" first.');
    return undefined;
  }
  if (servers.length === 1) {
    return servers[0];
  }
  const picked = await vscode.window.showQuickPick<ServerItem>(servers.map(serverItem), { placeHolder, matchOnDescription: true });
  return picked?.server;
}

export function serverItem(server: ConnectedServer): ServerItem {
  return {
    label: `${stateIcon(server)} ${serverLabel(server)}`,
    description: server.state === 'connected' ? server.url : server.state,
    detail: `${server.python} (Python ${server.pythonVersion}) · server ${server.serverId}${server.message ? ` · ${server.message}` : ''}`,
    server,
  };
}

export function stateIcon(server: ConnectedServer): string {
  switch (server.state) {
    case 'connected':
      return '$(server)';
    case 'reconnecting':
      return '$(sync~spin)';
    case 'lost':
      return '$(warning)';
    case 'disconnected':
      return '$(debug-disconnect)';
  }
}
