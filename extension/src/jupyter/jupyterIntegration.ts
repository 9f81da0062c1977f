import type { JupyterServerCollection } from '@vscode/jupyter-extension';
import * as vscode from 'vscode';
import type { ServerSessions } from '../sessions/serverSessions';
import { errorMessage } from '../sidecar/sidecarError';
import type { SourceServers } from '../sources/sourceServers';
import type { ConnectFlow } from '../ui/connectFlow';
import type { SourceFlows } from '../ui/sourceFlows';
import { jupyterExtensionId, loadJupyterApi, offerJupyterInstall } from './jupyterExtension';
import { RemoteJupyterServerProvider, collectionId, collectionLabel } from './serverProvider';

const notebookTypes = new Set(['jupyter-notebook', 'interactive']);

/**
 * Creates the server collection when it is first needed (a notebook opens or a server connects),
 * not at activation, so our activation never drags the Jupyter extension in.
 */
export class JupyterIntegration implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private collection: JupyterServerCollection | undefined;
  private provider: RemoteJupyterServerProvider | undefined;
  private creating: Promise<void> | undefined;
  private offeredInstall = false;

  constructor(
    private readonly sessions: ServerSessions,
    private readonly flow: ConnectFlow,
    private readonly sources: SourceServers,
    private readonly sourceFlows: SourceFlows,
    private readonly log: vscode.LogOutputChannel,
    private readonly openInBrowser: () => Promise<void>,
  ) {
    if (vscode.workspace.notebookDocuments.some((d) => notebookTypes.has(d.notebookType))) {
      void this.ensureCollection();
    }
    this.disposables.push(
      vscode.workspace.onDidOpenNotebookDocument((d) => {
        if (notebookTypes.has(d.notebookType)) {
          void this.ensureCollection();
        }
      }),
      sessions.onDidChange(() => {
        if (sessions.list().some((s) => s.state === 'connected')) {
          void this.ensureCollection();
        }
      }),
      sources.onDidChange(() => {
        if (sources.list().length > 0) {
          void this.ensureCollection();
        }
      }),
      // Installed after we offered it: hand the servers over now.
      vscode.extensions.onDidChange(() => {
        if (!this.collection && vscode.extensions.getExtension(jupyterExtensionId) && this.wanted()) {
          void this.ensureCollection();
        }
      }),
    );
  }

  ensureCollection(): Promise<void> {
    if (this.collection) {
      return Promise.resolve();
    }
    this.creating ??= this.create().finally(() => (this.creating = undefined));
    return this.creating;
  }

  dispose(): void {
    this.collection?.dispose();
    this.provider?.dispose();
    for (const d of this.disposables) {
      d.dispose();
    }
  }

  private async create(): Promise<void> {
    let jupyter;
    try {
      jupyter = await loadJupyterApi();
    } catch (error) {
      this.log.error(`The Jupyter extension failed to activate: ${errorMessage(error)}`);
      return;
    }
    if (!jupyter) {
      if (!this.offeredInstall) {
        this.offeredInstall = true;
        void offerJupyterInstall(this.openInBrowser);
      }
      return;
    }
    if (this.collection) {
      return;
    }
    this.provider = new RemoteJupyterServerProvider(this.sessions, this.flow, this.sources, this.sourceFlows, this.log);
    this.collection = jupyter.createJupyterServerCollection(collectionId, collectionLabel, this.provider);
    this.collection.commandProvider = this.provider;
    this.log.info(`Registered the "${collectionLabel}" server collection with the Jupyter extension.`);
  }

  private wanted(): boolean {
    return this.sessions.list().length > 0 || this.sources.list().length > 0 || vscode.workspace.notebookDocuments.some((d) => notebookTypes.has(d.notebookType));
  }
}
