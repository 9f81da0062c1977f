import type { ConnectedServer } from '../sessions/connectedServer';
import type { HostConnection } from '../sessions/hostConnection';
import type { ContainerEngineInfo, ContainerImageInfo, EnvironmentInfo, HubServerInfo, KernelSpecInfo, ServerInfo } from '../sidecar/contract';
import type { HubRecord } from '../sources/sourceRecords';
import type { UrlSourceView } from '../sources/urlSources';
import type { SlurmTreeNode } from './slurmTree';

/** A host: from the ssh config, the recent list, or a remembered server. */
export interface HostNode {
  kind: 'host';
  host: string;
  alias: string;
  /** user@hostName:port, when the ssh config or a connection tells. */
  address?: string;
  connection?: HostConnection;
}

/** A Python on a host; `info` is missing when only a remembered server names it. */
export interface EnvironmentNode {
  kind: 'environment';
  parent: HostNode;
  label: string;
  pythonPath: string;
  info?: EnvironmentInfo;
}

/** A container engine on a host (podman or docker), with its images below. */
export interface EngineNode {
  kind: 'engine';
  parent: HostNode;
  engine: ContainerEngineInfo;
  images: ContainerImageInfo[];
}

/** A container image as an environment; `info` is missing when only a remembered server names it. */
export interface ImageNode {
  kind: 'image';
  parent: HostNode;
  engine: ContainerEngineInfo['command'];
  name: string;
  info?: ContainerImageInfo;
}

export interface ServerNode {
  kind: 'server';
  server: ConnectedServer;
  /** What servers/list says about it, while its host is connected. */
  info?: ServerInfo;
}

/** A row that only invites an action (e.g. connecting to list environments). */
export interface HintNode {
  kind: 'hint';
  parent: HostNode;
  label: string;
}

/** An existing Jupyter server added by URL. */
export interface UrlSourceNode {
  kind: 'urlSource';
  source: UrlSourceView;
}

/** A JupyterHub the person logged in to. */
export interface HubNode {
  kind: 'hub';
  hub: HubRecord;
}

/** One of the person's servers on a hub ("" is the default server). */
export interface HubServerNode {
  kind: 'hubServer';
  hub: HubRecord;
  server: HubServerInfo;
}

/** A kernel a URL source or a hub server offers: what Jupyter's kernel picker will show. */
export interface KernelSpecNode {
  kind: 'kernelspec';
  parentId: string;
  spec: KernelSpecInfo;
}

/** A row under a source that explains or invites: "start the default server", a listing error. */
export interface SourceHintNode {
  kind: 'sourceHint';
  parentId: string;
  label: string;
  icon: string;
  command?: { command: string; arguments: unknown[] };
}

export type SourceTreeNode = UrlSourceNode | HubNode | HubServerNode | KernelSpecNode | SourceHintNode;

export type HostsTreeNode = HostNode | EnvironmentNode | EngineNode | ImageNode | ServerNode | HintNode | SlurmTreeNode | SourceTreeNode;
