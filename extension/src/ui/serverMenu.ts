import * as vscode from 'vscode';
import { ConnectedServer, serverLabel } from '../sessions/connectedServer';
import type { ServerSessions } from '../sessions/serverSessions';
import type { ServerActions } from './serverActions';
import { serverItem } from './serverPicker';

interface ActionItem extends vscode.QuickPickItem {
  run: () => Promise<unknown>;
}

interface MenuItem extends vscode.QuickPickItem {
  server?: ConnectedServer;
  connect?: boolean;
}

/** The status bar's picker: the servers, then what to do with the chosen one. */
export async function showServerMenu(sessions: ServerSessions, actions: ServerActions, connect: () => Promise<unknown>): Promise<void> {
  const items: MenuItem[] = sessions.list().map(serverItem);
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(plus) Connect Remote Jupyter…', connect: true });
  const picked = await vscode.window.showQuickPick<MenuItem>(items, { placeHolder: 'Remote Jupyter servers', matchOnDescription: true });
  if (picked?.connect) {
    await connect();
    return;
  }
  if (!picked?.server) {
    return;
  }
  const server = picked.server;
  sessions.setActive(server.id);
  const connected = server.state === 'connected';
  const choices: ActionItem[] = [
    ...(connected
      ? [
          { label: '$(globe) Open in Browser', run: () => actions.openInBrowser(server) },
          { label: '$(copy) Copy URL', run: () => actions.copyUrl(server) },
        ]
      : [{ label: '$(sync) Reconnect', run: () => actions.reconnect(server) }]),
    { label: '$(output) Show Logs', run: () => actions.showLogs(server) },
    { label: '$(debug-stop) Stop', run: () => actions.stop(server) },
    ...(connected ? [{ label: '$(debug-disconnect) Disconnect', run: () => actions.disconnect(server) }] : []),
  ];
  const action = await vscode.window.showQuickPick(choices, { placeHolder: serverLabel(server) });
  await action?.run();
}
