import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import { registerCommands } from './commands/registerCommands';
import { EnvironmentActions } from './ui/environmentActions';
import { CommandIds } from './commands/commandIds';
import { JupyterIntegration } from './jupyter/jupyterIntegration';
import { DisposableStore } from './lifecycle/disposableStore';
import { ServerDetails } from './sessions/serverDetails';
import { ServerLogFollows } from './sessions/serverLogFollows';
import { ServerSessions } from './sessions/serverSessions';
import { SidecarApi } from './sidecar/sidecarApi';
import { SidecarClient } from './sidecar/sidecarClient';
import { sidecarPath, stdioExecutable } from './sidecar/sidecarExecutable';
import { readSettings } from './settings/remoteJupyterSettings';
import { GlobalStateServerStore } from './storage/globalStateServerStore';
import { PasswordMemory } from './storage/passwordMemory';
import { RecentHosts } from './storage/recentHosts';
import { SecretTokenStore } from './storage/secretTokenStore';
import { registerSlurmCommands } from './commands/registerSlurmCommands';
import { registerSourceCommands } from './commands/registerSourceCommands';
import { SlurmJobWatch } from './sessions/slurmJobWatch';
import { SlurmAccessMemory } from './storage/slurmAccessMemory';
import { SlurmChoiceMemory } from './storage/slurmChoiceMemory';
import { SlurmWarnedJobs } from './storage/slurmWarnedJobs';
import { SlurmFlow } from './ui/slurmFlow';
import { VscodeSlurmPrompter } from './ui/vscodeSlurmPrompter';
import { HubSources } from './sources/hubSources';
import { SourceRecordStore } from './sources/sourceRecords';
import { SourceSecrets } from './sources/sourceSecrets';
import { SourceServers } from './sources/sourceServers';
import { UrlSources } from './sources/urlSources';
import { ConnectFlow } from './ui/connectFlow';
import { HostsTreeProvider } from './ui/hostsTree';
import { DialogPrompts } from './ui/prompts';
import { ServerActions } from './ui/serverActions';
import { ServerLogChannels } from './ui/serverLogChannels';
import { ServerLogDocuments } from './ui/serverLogDocuments';
import { SourceFlows } from './ui/sourceFlows';
import { SourceTree } from './ui/sourceTree';
import { ServerStatusBar } from './ui/statusBar';

let client: SidecarClient | undefined;

/** Composes the extension; the sidecar itself starts on first use, not here. */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const store = new DisposableStore();
  context.subscriptions.push(store);

  const log = store.add(vscode.window.createOutputChannel('Remote Jupyter', { log: true }));
  const settings = () => readSettings(vscode.workspace.getConfiguration('remoteJupyter'));
  const passwords = new PasswordMemory(context.secrets);
  let sessions: ServerSessions | undefined;
  const prompts = new DialogPrompts(passwords, () => sessions?.connections.openingHost);

  const sidecar = new SidecarClient({
    executable: () => stdioExecutable(sidecarPath(context.extensionPath), settings().logLevel),
    clientName: 'Remote Jupyter for VS Code',
    clientVersion: String(context.extension.packageJSON.version ?? ''),
    logger: log,
    prompts,
    trace: settings().trace,
  });
  client = sidecar;
  store.add({ dispose: () => sidecar.dispose() });
  const api = new SidecarApi(sidecar);
  sessions = store.add(
    new ServerSessions({
      api,
      records: new GlobalStateServerStore(context.globalState),
      tokens: new SecretTokenStore(context.secrets),
      logger: log,
      environmentRoots: () => settings().environmentRoots,
    }),
  );
  store.add(sessions.connections.onDidOpen((connection) => void passwords.confirm(connection.host)));

  const connections = sessions.connections;
  const sourceRecords = new SourceRecordStore(context.globalState);
  const sourceSecrets = new SourceSecrets(context.secrets);
  const sources = store.add(
    new SourceServers(
      store.add(
        new UrlSources(api, sourceRecords, sourceSecrets, async (via, token) => {
          const connection = await connections.connect(via.host, { alias: via.alias, configFile: via.configFile, token });
          return connection.connectionId;
        }),
      ),
      store.add(new HubSources(api, sourceRecords, sourceSecrets)),
    ),
  );
  const sourceFlows = new SourceFlows(sources, log);

  const recent = new RecentHosts(context.globalState);
  const slurm = new SlurmFlow({
    sessions,
    memory: new SlurmChoiceMemory(context.globalState),
    access: new SlurmAccessMemory(context.globalState),
    settings,
    prompter: new VscodeSlurmPrompter(log),
    log,
    saveAll: async () => void (await vscode.workspace.saveAll(false)),
  });
  const flow = new ConnectFlow(sessions, recent, settings, log, sourceFlows, slurm);
  const actions = new ServerActions(sessions, store.add(new ServerLogDocuments()), log);
  const tree = store.add(
    new HostsTreeProvider(sessions, store.add(new ServerDetails(api, log)), recent, settings, log, new SourceTree(sources), sources.onDidChange),
  );
  store.add(vscode.window.createTreeView('remoteJupyter.hosts', { treeDataProvider: tree, showCollapseAll: true }));
  const statusBar = store.add(new ServerStatusBar(sessions, sources));
  // Slurm: a job that ended is offered for resubmission; each minute the walltime left is refreshed and checked.
  store.add(sessions.onSlurmJobEnded(({ server, message }) => void slurm.jobEnded(server, message).finally(() => tree.redraw())));
  const jobWatch = new SlurmJobWatch(sessions, (server, text) => void slurm.walltimeWarning(server, text), log, new SlurmWarnedJobs(context.globalState));
  const minute = setInterval(() => {
    if (jobWatch.active) {
      statusBar.update();
      tree.redraw();
      void jobWatch.tick();
    }
  }, 60_000);
  store.add({ dispose: () => clearInterval(minute) });
  store.add(
    new JupyterIntegration(sessions, flow, sources, sourceFlows, log, async () => void (await vscode.commands.executeCommand(CommandIds.openInBrowser))),
  );
  registerSourceCommands(store, sources, sourceFlows, settings);
  registerSlurmCommands(store, sessions, flow, tree, log);
  const follows = new ServerLogFollows(sessions);
  // Disposing the channels cancels every follow (deactivation).
  const logChannels = store.add(new ServerLogChannels(follows, log));
  registerCommands(store, { sessions, sources, flow, actions, tree, environments: new EnvironmentActions(sessions, log, () => tree.refresh()), logChannels, follows });

  store.add(sidecar.onDidGiveUp(async (message) => {
    if ((await vscode.window.showErrorMessage(message, 'Show Log')) === 'Show Log') {
      log.show();
    }
  }));
  store.add(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('remoteJupyter.trace.server')) {
        sidecar.setTrace(settings().trace);
      }
      if (e.affectsConfiguration('remoteJupyter.sshConfigFile')) {
        tree.refresh();
      }
      if (e.affectsConfiguration('remoteJupyter.logLevel') && sidecar.pid !== undefined) {
        const restart = 'Restart Sidecar';
        const choice = await vscode.window.showInformationMessage('The new Remote Jupyter log level applies when the sidecar restarts. Servers reconnect by themselves.', restart);
        if (choice === restart) {
          await sidecar.restart();
        }
      }
    }),
  );

  log.info(`Remote Jupyter activated in ${(performance.now() - started).toFixed(1)} ms (the sidecar starts on first use).`);
}

/** Lets VS Code wait for `shutdown` (servers keep running remotely; tunnels close). */
export function deactivate(): Promise<void> | undefined {
  return client?.dispose();
}
