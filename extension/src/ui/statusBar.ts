import * as vscode from 'vscode';
import { CommandIds } from '../commands/commandIds';
import { serverLabel } from '../sessions/connectedServer';
import type { ServerSessions } from '../sessions/serverSessions';
import { slurmAccessText } from '../sessions/slurmAccessText';
import { timeLeftText } from '../sessions/slurmWalltime';
import type { SourceServers } from '../sources/sourceServers';

/**
 * `$(server) <alias> · <env>` for the active server; a spinner while connecting or reconnecting,
 * a warning background while reconnecting or lost. Hidden when nothing is connected.
 */
export class ServerStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('remoteJupyter.server', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly sessions: ServerSessions,
    private readonly sources: SourceServers,
  ) {
    this.item.name = 'Remote Jupyter';
    this.item.command = CommandIds.showServers;
    this.subscriptions = [sessions.onDidChange(() => this.update()), sources.onDidChange(() => this.update())];
    this.update();
  }

  update(): void {
    const connecting = this.sessions.startingHosts[0] ?? this.sessions.connections.openingHost;
    const server = this.sessions.active;
    const warning = new vscode.ThemeColor('statusBarItem.warningBackground');
    if (connecting) {
      this.show(`$(sync~spin) Connecting to ${connecting}…`, `Remote Jupyter: connecting to ${connecting}`);
    } else if (!server) {
      // Servers by URL or on a hub have no connection state to show, only that they are there.
      const others = this.sources.list();
      if (others.length === 0) {
        this.item.hide();
      } else {
        this.show(`$(server) ${others.length === 1 ? others[0].label : `${others.length} Jupyter servers`}`, `Remote Jupyter:\n${others.map((o) => o.label).join('\n')}`);
      }
    } else if (server.state === 'connected') {
      // A Slurm job's walltime is what the person must keep an eye on; refreshed each minute by the job watch.
      const left = timeLeftText(server.slurm, this.sessions.now());
      const access = slurmAccessText(server.slurm);
      const job = server.slurm
        ? `\nSlurm job ${server.slurm.jobId} on ${server.slurm.node ?? '?'}${left ? `: ${left} left` : ', no time limit'}${access ? `\n${access}` : ''}`
        : '';
      this.show(
        `$(server) ${serverLabel(server)}${left ? ` $(watch) ${left} left` : ''}`,
        `Remote Jupyter: ${serverLabel(server)}\n${server.url}\n${server.python}${server.pythonVersion ? ` (Python ${server.pythonVersion})` : ''}${job}`,
      );
    } else if (server.state === 'reconnecting') {
      this.show(`$(sync~spin) ${serverLabel(server)}`, `Remote Jupyter: reconnecting to ${serverLabel(server)}`, warning);
    } else {
      this.show(`$(warning) ${serverLabel(server)}`, `Remote Jupyter: connection lost. ${server.message ?? ''}\nClick to reconnect.`, warning);
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.item.dispose();
  }

  private show(text: string, tooltip: string, background?: vscode.ThemeColor): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = background;
    this.item.show();
  }
}
