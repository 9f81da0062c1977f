import * as vscode from 'vscode';
import { CommandIds } from '../commands/commandIds';
import { type ConnectedServer, serverLabel } from '../sessions/connectedServer';
import type { ServerDetails } from '../sessions/serverDetails';
import type { ServerSessions } from '../sessions/serverSessions';
import type { ContainerEngineCommand, ContainerList, EnvironmentInfo, HostEntry } from '../sidecar/contract';
import { errorMessage } from '../sidecar/sidecarError';
import type { RemoteJupyterSettings } from '../settings/remoteJupyterSettings';
import type { RecentHosts } from '../storage/recentHosts';
import { environmentLabel } from './environmentPicker';
import { ConnectionCache } from './connectionCache';
import { imageLabel } from './containerChoices';
import type { EngineNode, EnvironmentNode, HostNode, HostsTreeNode, ImageNode, ServerNode } from './hostsTreeNodes';
import { serverDescription, serverTooltip } from './serverDetailsText';
import { SlurmTree } from './slurmTree';
import { slurmTreeItem } from './slurmTreeItems';
import type { SourceTree } from './sourceTree';

/**
 * The "Hosts" view: Hosts → Environments → Servers, then existing servers by URL and JupyterHubs (see SourceTree). Hosts and environments are fetched once and
 * kept until Refresh; servers and connection states come live from the sessions.
 */
export class HostsTreeProvider implements vscode.TreeDataProvider<HostsTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<HostsTreeNode | undefined>();
  private readonly subscriptions: vscode.Disposable[];
  private configHosts: Promise<HostEntry[]> | undefined;
  private readonly environments: ConnectionCache<EnvironmentInfo[]>;
  private readonly containers: ConnectionCache<ContainerList>;
  private readonly slurm: SlurmTree;

  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(
    private readonly sessions: ServerSessions,
    private readonly details: ServerDetails,
    private readonly recent: RecentHosts,
    private readonly settings: () => RemoteJupyterSettings,
    private readonly log: vscode.LogOutputChannel,
    private readonly sources: SourceTree,
    onSourcesChange: vscode.Event<void>,
  ) {
    this.slurm = new SlurmTree(sessions, log);
    this.environments = new ConnectionCache((connection) => sessions.listEnvironments(connection), (message) => log.warn(message));
    this.containers = new ConnectionCache((connection) => sessions.listContainers(connection), (message) => log.warn(message));
    this.subscriptions = [
      onSourcesChange(() => this.changeEmitter.fire(undefined)),
      sessions.onDidChange(() => this.changeEmitter.fire(undefined)),
      // servers/changed: started, reattached to or stopped, here or by another window of this sidecar.
      details.onDidChange(() => this.changeEmitter.fire(undefined)),
    ];
  }

  refresh(): void {
    this.configHosts = undefined;
    this.environments.clear();
    this.containers.clear();
    this.slurm.clear();
    this.details.clear();
    this.changeEmitter.fire(undefined);
  }

  /** Redraws without listing environments again: Slurm job rows re-read their state on every draw. */
  redraw(): void {
    this.changeEmitter.fire(undefined);
  }

  async getChildren(node?: HostsTreeNode): Promise<HostsTreeNode[]> {
    if (!node) {
      return [...(await this.hosts()), ...this.sources.roots()];
    }
    switch (node.kind) {
      case 'host':
        return this.environmentsOf(node);
      case 'environment':
        return this.serversOf(node);
      case 'engine':
        return this.imagesOf(node);
      case 'image':
        return this.containerServersOf(node);
      case 'slurmCluster':
        return this.slurm.partitionsOf(node);
      case 'slurmPartition':
        return node.jobs;
      case 'server':
      case 'hint':
      case 'slurmJob':
        return [];
      default:
        return this.sources.children(node);
    }
  }

  getTreeItem(node: HostsTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'host':
        return hostItem(node);
      case 'environment':
        return environmentItem(node);
      case 'server':
        return serverItem(node);
      case 'engine':
        return engineItem(node);
      case 'image':
        return imageItem(node);
      case 'slurmCluster':
      case 'slurmPartition':
      case 'slurmJob':
        return slurmTreeItem(node, this.sessions.now());
      case 'hint': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('plug');
        item.command = { command: CommandIds.connect, title: 'Connect', arguments: [node.parent] };
        return item;
      }
      default:
        return this.sources.item(node);
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.changeEmitter.dispose();
  }

  private async hosts(): Promise<HostNode[]> {
    this.configHosts ??= this.sessions.listHosts(this.settings().sshConfigFile).catch((error) => {
      this.log.warn(`Could not read the ssh config: ${errorMessage(error)}`);
      return [];
    });
    const nodes = new Map<string, HostNode>();
    const add = (host: string, alias: string, address?: string) => {
      if (!nodes.has(host)) {
        const connection = this.sessions.connections.list().find((c) => c.host === host);
        nodes.set(host, {
          kind: 'host',
          host,
          alias,
          address: connection ? `${connection.user}@${connection.hostName}:${connection.port}` : address,
          connection,
        });
      }
    };
    // Hosts in use first, then the ssh config, then the recent ones typed by hand.
    for (const connection of this.sessions.connections.list()) {
      add(connection.host, connection.alias);
    }
    for (const server of this.sessions.list()) {
      add(server.host, server.alias);
    }
    for (const entry of await this.configHosts) {
      add(entry.alias, entry.alias, `${entry.user}@${entry.hostName}:${entry.port}`);
    }
    for (const host of this.recent.list()) {
      add(host, host);
    }
    return [...nodes.values()];
  }

  private async environmentsOf(host: HostNode): Promise<HostsTreeNode[]> {
    const servers = this.sessions.list().filter((s) => s.host === host.host && !s.image && !s.slurm);
    const infos = host.connection ? await this.environments.get(host.connection, 'Could not list the environments', []) : [];
    const nodes: EnvironmentNode[] = infos.map((info) => ({ kind: 'environment', parent: host, label: environmentLabel(info), pythonPath: info.pythonPath, info }));
    // Servers on an environment the listing does not show (a venv made for them) still need a parent.
    for (const server of servers) {
      if (!nodes.some((n) => n.pythonPath === server.python)) {
        nodes.push({ kind: 'environment', parent: host, label: server.environment, pythonPath: server.python });
      }
    }
    const [engines, cluster] = await Promise.all([this.enginesOf(host), this.slurm.clusterOf(host)]);
    if (nodes.length === 0 && engines.length === 0 && cluster.length === 0 && !host.connection) {
      return [{ kind: 'hint', parent: host, label: 'Connect to list environments' }];
    }
    return [...nodes, ...engines, ...cluster];
  }

  /** podman/docker with their images; container servers of a host not connected yet still show, under their engine. */
  private async enginesOf(host: HostNode): Promise<EngineNode[]> {
    const list = host.connection ? await this.containers.get(host.connection, 'Could not list the container images', { engines: [], images: [] }) : { engines: [], images: [] };
    const nodes: EngineNode[] = list.engines.map((engine) => ({ kind: 'engine', parent: host, engine, images: list.images.filter((i) => i.engine === engine.command) }));
    const orphans = this.sessions.list().filter((s) => s.host === host.host && s.image && !list.images.some((i) => i.name === s.image));
    if (orphans.length > 0 && nodes.length === 0) {
      const command: ContainerEngineCommand = orphans[0].engine === 'docker' ? 'docker' : 'podman';
      nodes.push({ kind: 'engine', parent: host, engine: { command, kind: command, path: '', version: '', rootless: false, usable: true }, images: [] });
    }
    return nodes;
  }

  private imagesOf(engine: EngineNode): ImageNode[] {
    const nodes: ImageNode[] = engine.images.map((info) => ({ kind: 'image', parent: engine.parent, engine: engine.engine.command, name: info.name, info }));
    // Images of running servers that the listing does not show (removed since, or another engine's name for it).
    for (const server of this.sessions.list().filter((s) => s.host === engine.parent.host && s.image && engineOf(s) === engine.engine.command)) {
      if (!nodes.some((n) => n.name === server.image)) {
        nodes.push({ kind: 'image', parent: engine.parent, engine: engine.engine.command, name: server.image! });
      }
    }
    return nodes;
  }

  private containerServersOf(image: ImageNode): Promise<ServerNode[]> {
    // By engine too: podman and docker (or the podman-docker shim) may list the same image name, and a server runs under one.
    const servers = this.sessions.list().filter((s) => s.host === image.parent.host && s.image === image.name && engineOf(s) === image.engine);
    return Promise.all(servers.map(async (server): Promise<ServerNode> => ({ kind: 'server', server, info: await this.details.get(server) })));
  }

  private serversOf(environment: EnvironmentNode): Promise<ServerNode[]> {
    const servers = this.sessions.list().filter((s) => s.host === environment.parent.host && s.python === environment.pythonPath && !s.slurm);
    return Promise.all(servers.map(async (server): Promise<ServerNode> => ({ kind: 'server', server, info: await this.details.get(server) })));
  }
}

/** The engine command a container server runs under; records from before the engine was kept ran under podman. */
function engineOf(server: ConnectedServer): ContainerEngineCommand {
  return server.engine === 'docker' ? 'docker' : 'podman';
}

function hostItem(node: HostNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.alias, node.connection ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `host:${node.host}`;
  item.description = node.connection ? `${node.address ?? ''} · connected` : node.address;
  item.iconPath = new vscode.ThemeIcon(node.connection ? 'vm-active' : 'vm');
  item.contextValue = node.connection ? 'host.connected' : 'host';
  item.tooltip = node.address ? `${node.alias} (${node.address})` : node.alias;
  return item;
}

function environmentItem(node: EnvironmentNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `env:${node.parent.host}:${node.pythonPath}`;
  item.description = node.pythonPath;
  const info = node.info;
  const canServe = info?.canServe ?? true;
  item.iconPath = new vscode.ThemeIcon(canServe ? (info?.kind === 'system' ? 'symbol-namespace' : 'package') : 'warning');
  // Dotted flags, matched by the menus in package.json.
  const flags = [
    canServe && node.parent.connection ? 'canServe' : undefined,
    info?.hasIpykernel && node.parent.connection ? 'ipykernel' : undefined,
    info && info.kind !== 'system' && node.parent.connection ? 'deletable' : undefined,
  ].filter((f) => f !== undefined);
  item.contextValue = ['environment', ...flags].join('.');
  item.tooltip = info
    ? `Python ${info.version} (${info.kind})\n${info.pythonPath}\njupyter_server: ${info.hasJupyterServer ? 'yes' : 'missing'}\nipykernel: ${info.hasIpykernel ? 'yes' : 'missing'}` +
      (info.kernelName ? `\nkernel: ${info.kernelName}` : '')
    : node.pythonPath;
  return item;
}

function serverItem(node: ServerNode): vscode.TreeItem {
  const server = node.server;
  const item = new vscode.TreeItem(serverLabel(server), vscode.TreeItemCollapsibleState.None);
  item.id = `server:${server.id}`;
  const details = node.info ? serverDescription(node.info) : undefined;
  item.description = server.state === 'connected' ? (details ?? server.url) : details ? `${server.state} · ${details}` : server.state;
  const icons = { connected: 'server-process', reconnecting: 'sync~spin', lost: 'warning', disconnected: 'debug-disconnect' } as const;
  item.iconPath = new vscode.ThemeIcon(icons[server.state]);
  item.contextValue = `server.${server.state}`;
  item.tooltip = serverTooltip(server, node.info);
  return item;
}

function engineItem(node: EngineNode): vscode.TreeItem {
  const engine = node.engine;
  const item = new vscode.TreeItem(`Containers (${engine.command})`, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `engine:${node.parent.host}:${engine.command}`;
  item.description = engine.usable ? [engine.version, engine.rootless ? 'rootless' : undefined].filter(Boolean).join(' · ') : engine.problem;
  item.iconPath = new vscode.ThemeIcon(engine.usable ? 'layers' : 'warning');
  item.contextValue = 'engine';
  item.tooltip = engine.usable ? `${engine.path} ${engine.version}${engine.rootless ? ' (rootless)' : ''}` : engine.problem;
  return item;
}

function imageItem(node: ImageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(imageLabel(node.name), vscode.TreeItemCollapsibleState.Expanded);
  item.id = `image:${node.parent.host}:${node.engine}:${node.name}`;
  item.description = node.info ? [node.info.size, node.info.hasJupyter === false ? 'no Jupyter' : undefined].filter(Boolean).join(' · ') : undefined;
  item.iconPath = new vscode.ThemeIcon(node.info?.hasJupyter === false ? 'warning' : 'package');
  item.contextValue = node.parent.connection ? 'image.canServe' : 'image';
  item.tooltip = `${node.name} (${node.engine})${node.info ? `\n${node.info.id}` : ''}`;
  return item;
}
