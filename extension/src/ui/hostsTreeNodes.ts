import type { ConnectedServer } from '../sessions/connectedServer';
import type { HostConnection } from '../sessions/hostConnection';
import type { EnvironmentInfo, ServerInfo } from '../sidecar/contract';

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

export type HostsTreeNode = HostNode | EnvironmentNode | ServerNode | HintNode;
