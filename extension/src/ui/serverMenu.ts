import * as vscode from 'vscode';
import { CommandIds } from '../commands/commandIds';
import { ConnectedServer, serverLabel } from '../sessions/connectedServer';
import type { ServerSessions } from '../sessions/serverSessions';
import { SourceServer, SourceServers, urlServerId } from '../sources/sourceServers';
import type { ServerActions } from './serverActions';
import { serverItem } from './serverPicker';

interface ActionItem extends vscode.QuickPickItem {
  run: () => Promise<unknown>;
}

interface MenuItem extends vscode.QuickPickItem {
  server?: ConnectedServer;
  source?: SourceServer;
  connect?: boolean;
}

/** The status bar's picker: the servers (SSH, by URL, on hubs), then what to do with the chosen one. */
export async function showServerMenu(
  sessions: ServerSessions,
  actions: ServerActions,
  connect: () => Promise<unknown>,
  sources: SourceServers,
): Promise<void> {
  const items: MenuItem[] = sessions.list().map(serverItem);
  const others = sources.list();
  if (others.length > 0) {
    items.push({ label: 'Servers that already run', kind: vscode.QuickPickItemKind.Separator });
    items.push(...others.map((source) => ({ label: `${source.kind === 'url' ? '$(link)' : '$(organization)'} ${source.label}`, description: source.kind === 'url' ? 'by URL' : 'JupyterHub', source })));
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(plus) Connect Remote Jupyter…', connect: true });
  const picked = await vscode.window.showQuickPick<MenuItem>(items, { placeHolder: 'Remote Jupyter servers', matchOnDescription: true });
  if (picked?.connect) {
    await connect();
    return;
  }
  if (picked?.source) {
    await showSourceMenu(picked.source, sources);
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
    // A Slurm job that ended can only come back as a new job with the same parameters.
    ...(server.slurm && server.state === 'lost'
      ? [{ label: '$(debug-restart) Resubmit Job', run: async () => vscode.commands.executeCommand(CommandIds.slurmResubmit, { kind: 'server', server }) }]
      : []),
    { label: '$(output) Show Logs', run: () => actions.showLogs(server) },
    { label: '$(debug-stop) Stop', run: () => actions.stop(server) },
    ...(connected ? [{ label: '$(debug-disconnect) Disconnect', run: () => actions.disconnect(server) }] : []),
  ];
  const action = await vscode.window.showQuickPick(choices, { placeHolder: serverLabel(server) });
  await action?.run();
}

/** A URL or hub server: open its page, or copy its URL (without secrets). */
async function showSourceMenu(source: SourceServer, sources: SourceServers): Promise<void> {
  const choices: ActionItem[] = [
    {
      label: '$(globe) Open in Browser',
      run: async () => vscode.env.openExternal(vscode.Uri.parse(await publicUrl(source, sources))),
    },
    { label: '$(copy) Copy URL', run: async () => vscode.env.clipboard.writeText(await publicUrl(source, sources)) },
  ];
  const action = await vscode.window.showQuickPick(choices, { placeHolder: source.label });
  await action?.run();
}

/** The page the person logs in to in a browser: the server itself, never our relay or a token. */
async function publicUrl(source: SourceServer, sources: SourceServers): Promise<string> {
  if (source.kind === 'url') {
    return sources.urls.list().find((u) => urlServerId(u.id) === source.id)?.url ?? '';
  }
  return (await sources.resolve(source.id)).baseUrl;
}
