import type {
  JupyterServer,
  JupyterServerCommand,
  JupyterServerCommandProvider,
  JupyterServerProvider,
} from '@vscode/jupyter-extension';
import * as vscode from 'vscode';
import { serverLabel } from '../sessions/connectedServer';
import type { ServerSessions } from '../sessions/serverSessions';
import { errorMessage } from '../sidecar/sidecarError';
import { SourceServers, isSourceServerId } from '../sources/sourceServers';
import type { ConnectFlow } from '../ui/connectFlow';
import type { SourceFlows } from '../ui/sourceFlows';

export const collectionId = 'remote-jupyter-ssh';
export const collectionLabel = 'Remote Jupyter';
export const connectCommandLabel = 'Connect to a new SSH host…';
export const urlCommandLabel = 'Existing Jupyter server URL…';
export const hubCommandLabel = 'JupyterHub…';

interface Resolution {
  url: string;
  server: Promise<JupyterServer>;
}

/**
 * Both providers of our JupyterServerCollection, as in vscode-jupyter-hub's jupyterIntegration.ts:
 * the servers the person started, a command to start another, and resolution into a base URL +
 * token once the tunnel is up. A resolution is cached per server while its URL holds.
 */
export class RemoteJupyterServerProvider implements JupyterServerProvider, JupyterServerCommandProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly resolutions = new Map<string, Resolution>();
  private readonly subscriptions: vscode.Disposable[];
  private listed = '';

  readonly onDidChangeServers = this.changeEmitter.event;

  constructor(
    private readonly sessions: ServerSessions,
    private readonly flow: ConnectFlow,
    private readonly sources: SourceServers,
    private readonly sourceFlows: SourceFlows,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.listed = this.signature();
    const changed = () => {
      // State changes alone (reconnecting, lost) do not change the list Jupyter shows.
      const now = this.signature();
      if (now !== this.listed) {
        this.listed = now;
        this.changeEmitter.fire();
      }
    };
    this.subscriptions = [sessions.onDidChange(changed), sources.onDidChange(changed)];
  }

  provideJupyterServers(): JupyterServer[] {
    return [
      ...this.sessions.list().map((s) => ({ id: s.id, label: serverLabel(s) })),
      ...this.sources.list().map((s) => ({ id: s.id, label: s.label })),
    ];
  }

  resolveJupyterServer(server: JupyterServer, token: vscode.CancellationToken): Promise<JupyterServer> {
    if (isSourceServerId(server.id)) {
      // Not cached: a URL source's cookie may have been renewed, a hub token rotated.
      return this.resolveSource(server, token);
    }
    const current = this.sessions.get(server.id);
    const cached = this.resolutions.get(server.id);
    if (cached && current?.state === 'connected' && current.url === cached.url) {
      return cached.server;
    }
    const resolution = this.resolve(server, token);
    const entry: Resolution = { url: '', server: resolution.then(({ server }) => server) };
    this.resolutions.set(server.id, entry);
    resolution.then(
      ({ url }) => (entry.url = url),
      (error: unknown) => {
        if (this.resolutions.get(server.id) === entry) {
          this.resolutions.delete(server.id);
        }
        this.log.error(`Could not resolve ${server.label} for Jupyter: ${errorMessage(error)}`);
      },
    );
    return entry.server;
  }

  provideCommands(): JupyterServerCommand[] {
    return [{ label: connectCommandLabel, canBeAutoSelected: true }, { label: urlCommandLabel }, { label: hubCommandLabel }];
  }

  async handleCommand(command?: JupyterServerCommand): Promise<JupyterServer | undefined> {
    // undefined takes the person back to the kernel picker, for Escape as for a failure (the
    // flow has shown it): a CancellationError would close the picker altogether.
    try {
      const server =
        command?.label === urlCommandLabel
          ? await this.sourceFlows.addUrl()
          : command?.label === hubCommandLabel
            ? await this.sourceFlows.addHub()
            : await this.flow.run();
      return server ? { id: server.id, label: server.label } : undefined;
    } catch (error) {
      this.log.error(`Connecting from the kernel picker failed: ${errorMessage(error)}`);
      return undefined;
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.changeEmitter.dispose();
  }

  private async resolve(server: JupyterServer, token: vscode.CancellationToken): Promise<{ url: string; server: JupyterServer }> {
    const attached = await this.sessions.ensureAttached(server.id, token);
    const secret = await this.sessions.token(server.id);
    if (!attached.url || !secret) {
      throw new Error(`${server.label} has no tunnel or token; reconnect it from the Remote Jupyter view.`);
    }
    this.sessions.setActive(server.id);
    return {
      url: attached.url,
      server: { ...server, connectionInformation: { baseUrl: vscode.Uri.parse(attached.url), token: secret } },
    };
  }

  private async resolveSource(server: JupyterServer, token: vscode.CancellationToken): Promise<JupyterServer> {
    try {
      const connection = await this.sources.resolve(server.id, token);
      return {
        ...server,
        connectionInformation: { baseUrl: vscode.Uri.parse(connection.baseUrl), token: connection.token, headers: connection.headers },
      };
    } catch (error) {
      this.log.error(`Could not resolve ${server.label} for Jupyter: ${errorMessage(error)}`);
      throw error;
    }
  }

  private signature(): string {
    return JSON.stringify(this.provideJupyterServers());
  }
}
