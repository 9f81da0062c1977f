import type { ConnectedServer } from '../sessions/connectedServer';
import type { ServerSessions } from '../sessions/serverSessions';
import type { SlurmInfo, SlurmJobInfo, SlurmPartitionInfo } from '../sidecar/contract';
import { errorMessage } from '../sidecar/sidecarError';
import { ConnectionCache } from './connectionCache';
import type { HostNode } from './hostsTreeNodes';

/** "Slurm cluster" under a host: present when slurm/detect found Slurm, or a remembered job names the host. */
export interface SlurmClusterNode {
  kind: 'slurmCluster';
  parent: HostNode;
  info?: SlurmInfo;
}

/** A partition, or the "Jobs" catch-all for jobs whose partition the cluster does not list. */
export interface SlurmPartitionNode {
  kind: 'slurmPartition';
  parent: HostNode;
  name: string;
  partition?: SlurmPartitionInfo;
  jobs: SlurmJobNode[];
}

/** One of the product's jobs (slurm/jobs), with the server record that uses it, if any. */
export interface SlurmJobNode {
  kind: 'slurmJob';
  parent: HostNode;
  job: SlurmJobInfo;
  stateDir?: string;
  server?: ConnectedServer;
}

export type SlurmTreeNode = SlurmClusterNode | SlurmPartitionNode | SlurmJobNode;

/** Rows for jobs whose partition is unknown or no longer listed. */
export const otherJobsLabel = 'Jobs';

/**
 * The Slurm part of the Hosts view, without 'vscode' (tests walk it): cluster → partitions (with
 * their idle nodes and limits) → the product's jobs. Detection is kept per connection until
 * Refresh; jobs are listed again whenever the tree asks, since their state is the point.
 */
export class SlurmTree {
  private readonly detected: ConnectionCache<SlurmInfo | undefined>;

  constructor(
    private readonly sessions: ServerSessions,
    private readonly log: { warn(message: string): void },
  ) {
    this.detected = new ConnectionCache((connection) => sessions.detectSlurm(connection), (message) => log.warn(message));
  }

  clear(): void {
    this.detected.clear();
  }

  /** The host's "Slurm cluster" row, or none when it has no Slurm and no remembered job. */
  async clusterOf(host: HostNode): Promise<SlurmClusterNode[]> {
    const info = host.connection ? await this.detected.get(host.connection, 'Could not look for Slurm', undefined) : undefined;
    const remembered = this.records(host).length > 0;
    return info?.available || remembered ? [{ kind: 'slurmCluster', parent: host, info: info?.available ? info : undefined }] : [];
  }

  /** Partitions with their jobs; jobs of no listed partition go under the default one, else under "Jobs". */
  async partitionsOf(cluster: SlurmClusterNode): Promise<SlurmPartitionNode[]> {
    const host = cluster.parent;
    const partitions = cluster.info?.partitions ?? [];
    const nodes: SlurmPartitionNode[] = partitions.map((p) => ({ kind: 'slurmPartition', parent: host, name: p.name, partition: p, jobs: [] }));
    const fallback = partitions.find((p) => p.isDefault)?.name;
    for (const job of await this.jobsOf(host)) {
      const name = job.job.partition ?? job.server?.slurm?.partition ?? fallback;
      let node = nodes.find((n) => n.partition && n.name === name) ?? nodes.find((n) => !n.partition);
      if (!node) {
        node = { kind: 'slurmPartition', parent: host, name: otherJobsLabel, jobs: [] };
        nodes.push(node);
      }
      node.jobs.push(job);
    }
    return nodes;
  }

  /**
   * slurm/jobs for every state folder the host's records use (the default one included), joined
   * to the records; remembered jobs the listing lacks (host not connected) still show, from the record.
   */
  async jobsOf(host: HostNode): Promise<SlurmJobNode[]> {
    const records = this.records(host);
    const nodes: SlurmJobNode[] = [];
    if (host.connection) {
      const stateDirs = [...new Set([undefined, ...records.map((r) => r.stateDir)])];
      for (const stateDir of stateDirs) {
        try {
          for (const job of await this.sessions.listSlurmJobs(host.connection, stateDir)) {
            nodes.push({ kind: 'slurmJob', parent: host, job, stateDir, server: records.find((r) => r.serverId === job.serverId) });
          }
        } catch (error) {
          this.log.warn(`Listing the Slurm jobs of ${host.alias}: ${errorMessage(error)}`);
        }
      }
    }
    for (const server of records) {
      if (!nodes.some((n) => n.job.serverId === server.serverId)) {
        const job: SlurmJobInfo = { serverId: server.serverId, jobId: server.slurm!.jobId, jobState: server.state === 'connected' ? 'RUNNING' : 'UNKNOWN', node: server.slurm!.node, partition: server.slurm!.partition };
        nodes.push({ kind: 'slurmJob', parent: host, job, stateDir: server.stateDir, server });
      }
    }
    return nodes;
  }

  private records(host: HostNode): ConnectedServer[] {
    return this.sessions.list().filter((s) => s.host === host.host && s.slurm);
  }
}

/** "RUNNING on node1 · 0:52 left", "PENDING (Resources)", "TIMEOUT (TimeLimit)". */
export function jobDescription(job: SlurmJobInfo, timeLeft: string | undefined): string {
  if (job.jobState === 'RUNNING') {
    return [`RUNNING${job.node ? ` on ${job.node}` : ''}`, timeLeft ? `${timeLeft} left` : undefined].filter(Boolean).join(' · ');
  }
  return `${job.jobState}${job.reason ? ` (${job.reason})` : ''}`;
}

/** "0:52" from slurm/jobs' timeLeftSeconds (the record's clock is not needed for a listed job). */
export function secondsLeftText(seconds: number | undefined): string | undefined {
  if (seconds === undefined) {
    return undefined;
  }
  const minutes = Math.max(0, Math.floor(seconds / 60));
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
