import * as vscode from 'vscode';
import { ConnectedServer, serverLabel } from '../sessions/connectedServer';
import type { ServerSessions } from '../sessions/serverSessions';
import { redactText } from '../sidecar/redaction';
import { showError } from './errorNotification';
import type { ServerLogDocuments } from './serverLogDocuments';

/** What can be done with one server, shared by commands, the tree and the status bar picker. */
export class ServerActions {
  constructor(
    private readonly sessions: ServerSessions,
    private readonly logDocuments: ServerLogDocuments,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async openInBrowser(server: ConnectedServer): Promise<void> {
    await this.guard(async () => {
      const attached = await this.attached(server);
      const token = await this.sessions.token(server.id);
      // The browser needs the token to log in; it goes to the local browser only.
      const uri = vscode.Uri.parse(attached.url!).with({ query: token ? `token=${token}` : '' });
      await vscode.env.openExternal(uri);
    });
  }

  async copyUrl(server: ConnectedServer): Promise<void> {
    await this.guard(async () => {
      const attached = await this.attached(server);
      const withToken = 'Copy with Token';
      const withoutToken = 'Copy without Token';
      const choice = await vscode.window.showWarningMessage(
        `Copy the URL of ${serverLabel(server)} with its token?`,
        {
          modal: true,
          detail: `Anyone who has the token can run code on ${server.alias} as you. Without it, Jupyter asks for the token when the URL is opened.`,
        },
        withToken,
        withoutToken,
      );
      if (!choice) {
        return;
      }
      const token = choice === withToken ? await this.sessions.token(server.id) : undefined;
      await vscode.env.clipboard.writeText(token ? `${attached.url}?token=${token}` : attached.url!);
      void vscode.window.showInformationMessage(`Copied the URL of ${serverLabel(server)}${token ? ' with its token' : ''}.`);
    });
  }

  async showLogs(server: ConnectedServer): Promise<void> {
    await this.guard(async () => {
      const log = await this.sessions.logs(server.id);
      // Older Jupyters print their URL with the full ?token=; keep it off the screen anyway.
      const text = `# ${serverLabel(server)}: ${log.logPath} on ${server.alias}\n\n${redactText(log.text)}`;
      await this.logDocuments.show(server.alias, server.serverId, text);
    });
  }

  async stop(server: ConnectedServer): Promise<void> {
    const stop = 'Stop Server';
    const choice = await vscode.window.showWarningMessage(
      `Stop the Jupyter server ${serverLabel(server)}?`,
      {
        modal: true,
        detail: `Its kernels shut down; variables in running notebooks are lost.${server.slurm ? ` Slurm job ${server.slurm.jobId} is cancelled (scancel).` : ''}`,
      },
      stop,
    );
    if (choice !== stop) {
      return;
    }
    await this.guard(async () => {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Remote Jupyter: Stopping ${serverLabel(server)}` },
        () => this.sessions.stop(server.id),
      );
      this.log.info(`Stopped ${serverLabel(server)}: ${result.how}.`);
    });
  }

  async disconnect(server: ConnectedServer): Promise<void> {
    const connection = server.connectionId ? this.sessions.connections.byId(server.connectionId) : undefined;
    if (connection) {
      await this.guard(() => this.sessions.disconnect(connection));
    }
  }

  async reconnect(server: ConnectedServer): Promise<void> {
    await this.guard(async () => {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Remote Jupyter: Reconnecting to ${serverLabel(server)}`, cancellable: true },
        (_, token) => this.sessions.reattach(server.id, token),
      );
      this.sessions.setActive(server.id);
    });
  }

  private attached(server: ConnectedServer): Promise<ConnectedServer> {
    return this.sessions.ensureAttached(server.id);
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      await showError(error, this.log);
    }
  }
}
