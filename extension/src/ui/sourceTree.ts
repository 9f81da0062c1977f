import * as vscode from 'vscode';
import { CommandIds } from '../commands/commandIds';
import { errorMessage } from '../sidecar/sidecarError';
import { SourceServers, urlLabel } from '../sources/sourceServers';
import type { HubNode, HubServerNode, SourceTreeNode, UrlSourceNode } from './hostsTreeNodes';

/**
 * The sources part of the Hosts view: URL servers → kernelspecs, hubs → servers → kernelspecs.
 * Hub servers are listed when a hub is expanded; failures show as a row, not a dialog.
 */
export class SourceTree {
  constructor(private readonly sources: SourceServers) {}

  roots(): SourceTreeNode[] {
    return [
      ...this.sources.urls.list().map((source): UrlSourceNode => ({ kind: 'urlSource', source })),
      ...this.sources.hubs.list().map((hub): HubNode => ({ kind: 'hub', hub })),
    ];
  }

  async children(node: SourceTreeNode): Promise<SourceTreeNode[]> {
    switch (node.kind) {
      case 'urlSource':
        return this.kernels(`url:${node.source.id}`, () => this.sources.urls.kernels(node.source.id));
      case 'hub':
        return this.hubServers(node);
      case 'hubServer':
        return node.server.ready ? this.kernels(`hub:${node.hub.id}:${node.server.name}`, () => this.sources.hubs.kernels(node.hub.id, node.server.name)) : [];
      default:
        return [];
    }
  }

  item(node: SourceTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'urlSource': {
        const item = new vscode.TreeItem(urlLabel(node.source), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `url:${node.source.id}`;
        // Through our relay (TLS, or via an SSH host) the local endpoint differs from the URL: worth showing then.
        const relayed = node.source.localUrl && node.source.localUrl !== node.source.url;
        item.description = relayed ? `${node.source.auth} · via ${node.source.localUrl}` : node.source.auth;
        item.iconPath = new vscode.ThemeIcon('link');
        item.contextValue = 'urlSource';
        item.tooltip = [`Existing Jupyter server ${node.source.url}`, `Login: ${node.source.auth}`, node.source.certificateFingerprint && `Pinned certificate ${node.source.certificateFingerprint}`]
          .filter(Boolean)
          .join('\n');
        return item;
      }
      case 'hub': {
        const item = new vscode.TreeItem(node.hub.hubUrl, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `hub:${node.hub.id}`;
        item.description = node.hub.user + (node.hub.expiresAt ? ` · token until ${node.hub.expiresAt.slice(0, 10)}` : '');
        item.iconPath = new vscode.ThemeIcon('organization');
        item.contextValue = 'hub';
        item.tooltip = `JupyterHub ${node.hub.hubUrl}\nUser: ${node.hub.user}` + (node.hub.expiresAt ? `\nToken expires ${node.hub.expiresAt}` : '');
        return item;
      }
      case 'hubServer': {
        const running = node.server.ready;
        const item = new vscode.TreeItem(node.server.name || 'Default server', running ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `hub:${node.hub.id}:${node.server.name}`;
        item.description = running ? node.server.url : node.server.pending ? `${node.server.pending}…` : 'stopped';
        item.iconPath = new vscode.ThemeIcon(running ? 'server-process' : node.server.pending ? 'sync~spin' : 'debug-stop');
        item.contextValue = `hubServer.${running ? 'running' : 'stopped'}${node.server.name ? '.named' : ''}`;
        item.tooltip = [node.server.url, node.server.started && `Started ${node.server.started}`, node.server.lastActivity && `Last activity ${node.server.lastActivity}`]
          .filter(Boolean)
          .join('\n');
        return item;
      }
      case 'kernelspec': {
        const item = new vscode.TreeItem(node.spec.displayName, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.parentId}:kernel:${node.spec.name}`;
        item.description = node.spec.language ? `${node.spec.name} · ${node.spec.language}` : node.spec.name;
        item.iconPath = new vscode.ThemeIcon('notebook');
        item.contextValue = 'kernelspec';
        return item;
      }
      case 'sourceHint': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.parentId}:hint`;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        if (node.command) {
          item.command = { title: node.label, ...node.command };
        }
        return item;
      }
    }
  }

  private async hubServers(node: HubNode): Promise<SourceTreeNode[]> {
    try {
      const servers = await this.sources.hubs.refresh(node.hub.id);
      const nodes: SourceTreeNode[] = servers.map((server): HubServerNode => ({ kind: 'hubServer', hub: node.hub, server }));
      if (!servers.some((s) => s.name === '')) {
        nodes.unshift({ kind: 'sourceHint', parentId: `hub:${node.hub.id}`, label: 'Start the default server', icon: 'play', command: { command: CommandIds.hubStartServer, arguments: [node] } });
      }
      return nodes;
    } catch (error) {
      return [{ kind: 'sourceHint', parentId: `hub:${node.hub.id}`, label: errorMessage(error), icon: 'warning', command: { command: CommandIds.hubLogIn, arguments: [node] } }];
    }
  }

  private async kernels(parentId: string, list: () => Promise<{ name: string; displayName: string; language?: string }[]>): Promise<SourceTreeNode[]> {
    try {
      return (await list()).map((spec) => ({ kind: 'kernelspec', parentId, spec }));
    } catch (error) {
      return [{ kind: 'sourceHint', parentId, label: errorMessage(error), icon: 'warning' }];
    }
  }
}
