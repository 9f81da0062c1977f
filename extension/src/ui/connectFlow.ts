import * as vscode from 'vscode';
import { ConnectedServer, serverLabel } from '../sessions/connectedServer';
import type { HostConnection } from '../sessions/hostConnection';
import type { ServerSessions } from '../sessions/serverSessions';
import type { StartedServer } from '../sessions/startedServer';
import type { ContainerEngineCommand, EnvironmentInfo, ProgressValue, SlurmInfo } from '../sidecar/contract';
import { errorMessage } from '../sidecar/sidecarError';
import type { RemoteJupyterSettings } from '../settings/remoteJupyterSettings';
import type { RecentHosts } from '../storage/recentHosts';
import { imageLabel } from './containerChoices';
import { environmentLabel, pickEnvironment } from './environmentPicker';
import { Cancelled, withCancellableProgress } from './cancellableProgress';
import { showError } from './errorNotification';
import { HostChoice, pickHost } from './hostPicker';
import type { SlurmFlow } from './slurmFlow';
import type { SourceFlows } from './sourceFlows';
import { startMessage, startWarnings } from './startMessages';

/** A server as Jupyter's picker names it: one we started over SSH, or one of a URL or a hub. */
export interface PickedServer {
  id: string;
  label: string;
}

/**
 * "Connect Remote Jupyter": host → connection/open → environment → servers/start, each long step
 * under a cancellable progress notification. Resolves to the new server, or undefined when the
 * person backed out or it failed (the failure is shown here).
 */
export class ConnectFlow {
  constructor(
    private readonly sessions: ServerSessions,
    private readonly recent: RecentHosts,
    private readonly settings: () => RemoteJupyterSettings,
    private readonly log: vscode.LogOutputChannel,
    private readonly sources: SourceFlows,
    private readonly slurm: SlurmFlow,
  ) {}

  /** "Connect Remote Jupyter": an SSH host (then an environment), an existing server's URL, or a JupyterHub. */
  async run(preset?: HostChoice): Promise<PickedServer | undefined> {
    const settings = this.settings();
    try {
      const choice = preset ?? (await pickHost(this.sessions, this.recent, settings.sshConfigFile, this.log, true));
      if (!choice) {
        return undefined;
      }
      if (choice === 'url') {
        return await this.sources.addUrl();
      }
      if (choice === 'hub') {
        return await this.sources.addHub();
      }
      const title = `Remote Jupyter: Connecting to ${choice.alias}`;
      const connection = await this.withProgress(title, (token, onProgress) =>
        this.sessions.connections.connect(choice.host, { alias: choice.alias, configFile: settings.sshConfigFile, token, onProgress }),
      );
      await this.recent.add(choice.host);
      const environment = await pickEnvironment(this.sessions, connection, settings, this.detectSlurm(connection));
      if (!environment) {
        return undefined;
      }
      if ('slurm' in environment) {
        const job = await this.slurm.run(connection, environment.slurm, environment.environments);
        return job && { id: job.id, label: serverLabel(job) };
      }
      const started = this.announce(
        await this.withProgress(title, (token, onProgress) =>
          this.sessions.start(connection, { environment: environment.params, environmentLabel: environment.label, server: settings.server, token, onProgress }),
        ),
      );
      return { id: started.id, label: serverLabel(started) };
    } catch (error) {
      if (!(error instanceof Cancelled)) {
        await showError(error, this.log);
      }
      return undefined;
    }
  }

  /** Connects to a host (or picks one first) without starting anything: for environment actions. */
  async connectOnly(preset?: HostChoice): Promise<HostConnection | undefined> {
    const settings = this.settings();
    try {
      const choice = preset ?? (await pickHost(this.sessions, this.recent, settings.sshConfigFile, this.log));
      if (!choice || typeof choice === 'string') {
        return undefined;
      }
      const connection = await this.withProgress(`Remote Jupyter: Connecting to ${choice.alias}`, (token, onProgress) =>
        this.sessions.connections.connect(choice.host, { alias: choice.alias, configFile: settings.sshConfigFile, token, onProgress }),
      );
      await this.recent.add(choice.host);
      return connection;
    } catch (error) {
      if (!(error instanceof Cancelled)) {
        await showError(error, this.log);
      }
      return undefined;
    }
  }

  /** Starts a server on an environment picked in the tree, skipping the pickers. */
  async startOn(connection: HostConnection, environment: EnvironmentInfo): Promise<ConnectedServer | undefined> {
    const settings = this.settings();
    try {
      return this.announce(
        await this.withProgress(`Remote Jupyter: Connecting to ${connection.alias}`, (token, onProgress) =>
          this.sessions.start(connection, {
            environment: { pythonPath: environment.pythonPath },
            environmentLabel: environmentLabel(environment),
            server: settings.server,
            token,
            onProgress,
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof Cancelled)) {
        await showError(error, this.log);
      }
      return undefined;
    }
  }

  /** Starts a server in a container of an image picked in the tree. */
  async startOnImage(connection: HostConnection, image: string, engine: ContainerEngineCommand): Promise<ConnectedServer | undefined> {
    const settings = this.settings();
    try {
      return this.announce(
        await this.withProgress(`Remote Jupyter: Starting ${imageLabel(image)} on ${connection.alias}`, (token, onProgress) =>
          this.sessions.start(connection, { environment: { image, engine }, environmentLabel: imageLabel(image), server: settings.server, token, onProgress }),
        ),
      );
    } catch (error) {
      if (!(error instanceof Cancelled)) {
        await showError(error, this.log);
      }
      return undefined;
    }
  }

  /** "Run on a compute node…" from the Hosts view: Slurm's partitions and the host's Pythons, then the Slurm flow. */
  async runOnComputeNode(connection: HostConnection, partition?: string): Promise<ConnectedServer | undefined> {
    try {
      const [info, environments] = await this.withProgress(`Remote Jupyter: Looking for Slurm on ${connection.alias}`, (token) =>
        Promise.all([this.sessions.detectSlurm(connection, token), this.sessions.listEnvironments(connection, token)]),
      );
      if (!info.available) {
        await vscode.window.showWarningMessage(`${connection.alias} has no usable Slurm: ${info.error ?? 'sinfo or sbatch is not on the login PATH.'}`, { modal: true });
        return undefined;
      }
      return await this.slurm.run(connection, info, environments, partition);
    } catch (error) {
      if (!(error instanceof Cancelled)) {
        await showError(error, this.log);
      }
      return undefined;
    }
  }

  /** slurm/detect alongside environment discovery; a host without Slurm (or a failed look) just has no Slurm row. */
  private detectSlurm(connection: HostConnection): Promise<SlurmInfo | undefined> {
    return this.sessions.detectSlurm(connection).then(
      (info) => {
        this.log.info(info.available ? `${connection.alias}: Slurm ${info.version ?? ''} with ${info.partitions.length} partition(s).` : `${connection.alias}: no Slurm (${info.error ?? 'not found'}).`);
        return info;
      },
      (error: unknown) => {
        this.log.warn(`Looking for Slurm on ${connection.alias}: ${errorMessage(error)}`);
        return undefined;
      },
    );
  }

  /** Submits again the ended job of `server` (its Resubmit button, or the tree's). */
  resubmit(server: ConnectedServer): Promise<ConnectedServer | undefined> {
    return this.slurm.resubmit(server);
  }

  /** Says whether the server was started or reattached to, and the host's warnings, once per start. */
  private announce(started: StartedServer): ConnectedServer {
    void vscode.window.showInformationMessage(startMessage(started));
    for (const warning of startWarnings(started)) {
      void vscode.window.showWarningMessage(warning);
    }
    return started;
  }

  // The notification shows each stage as it starts; steps and output only go to the log.
  private withProgress<T>(title: string, work: (token: vscode.CancellationToken, onProgress: (value: ProgressValue) => void) => Promise<T>): Promise<T> {
    return withCancellableProgress(title, this.log, work, (value) => value.state === 'starting');
  }
}
