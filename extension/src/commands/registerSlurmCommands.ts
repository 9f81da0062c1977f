import * as vscode from 'vscode';
import type { DisposableStore } from '../lifecycle/disposableStore';
import type { ServerSessions } from '../sessions/serverSessions';
import { errorMessage, errorName } from '../sidecar/sidecarError';
import type { ConnectFlow } from '../ui/connectFlow';
import type { HostsTreeProvider } from '../ui/hostsTree';
import type { HostsTreeNode } from '../ui/hostsTreeNodes';
import { withCancellableProgress } from '../ui/cancellableProgress';
import { Cancelled } from '../ui/cancelled';
import { showError } from '../ui/errorNotification';
import { CommandIds } from './commandIds';

/** "Run on a Compute Node…" (host, cluster or partition row, or the palette) and the job rows' Connect, Stop and Resubmit. */
export function registerSlurmCommands(store: DisposableStore, sessions: ServerSessions, flow: ConnectFlow, tree: HostsTreeProvider, log: vscode.LogOutputChannel): void {
  const register = (id: string, run: (node?: HostsTreeNode) => unknown) => store.add(vscode.commands.registerCommand(id, run));

  register(CommandIds.runOnComputeNode, async (node) => {
    const host = node?.kind === 'host' ? node : node?.kind === 'hint' || node?.kind === 'slurmCluster' || node?.kind === 'slurmPartition' ? node.parent : undefined;
    const connection = host?.connection ?? (await flow.connectOnly(host ? { host: host.host, alias: host.alias } : undefined));
    return connection && flow.runOnComputeNode(connection, node?.kind === 'slurmPartition' && node.partition ? node.name : undefined);
  });

  register(CommandIds.slurmConnectJob, async (node) => {
    if (node?.kind !== 'slurmJob') {
      return;
    }
    try {
      await withCancellableProgress(`Remote Jupyter: Connecting to Slurm job ${node.job.jobId}`, log, async (token) => {
        if (node.server) {
          sessions.setActive(node.server.id);
          return sessions.ensureAttached(node.server.id, token);
        }
        const connection = node.parent.connection ?? (await sessions.connections.connect(node.parent.host, { alias: node.parent.alias, token }));
        return sessions.adoptSlurmJob(connection, node.job, node.stateDir, token);
      });
    } catch (error) {
      // An ended job is offered for resubmission by onSlurmJobEnded; everything else is shown here.
      if (!(error instanceof Cancelled) && errorName(error) !== 'slurmJobEnded') {
        await showError(error, log);
      }
    }
  });

  register(CommandIds.slurmStopJob, async (node) => {
    if (node?.kind !== 'slurmJob') {
      return;
    }
    const stop = 'Stop Job';
    const answer = await vscode.window.showWarningMessage(
      `Stop Slurm job ${node.job.jobId} on ${node.parent.alias}?`,
      { modal: true, detail: 'Jupyter shuts down, its kernels end with their variables, and the job is cancelled (scancel).' },
      stop,
    );
    if (answer !== stop) {
      return;
    }
    try {
      if (node.server) {
        await sessions.stop(node.server.id);
      } else {
        const connection = node.parent.connection ?? (await sessions.connections.connect(node.parent.host, { alias: node.parent.alias }));
        await sessions.stopSlurmJob(connection, node.job.serverId, node.stateDir);
      }
      void vscode.window.showInformationMessage(`Stopped Slurm job ${node.job.jobId} on ${node.parent.alias}.`);
    } catch (error) {
      await vscode.window.showErrorMessage(`Could not stop Slurm job ${node.job.jobId}: ${errorMessage(error)}`);
    }
    tree.refresh();
  });

  register(CommandIds.slurmResubmit, async (node) => {
    const server = node?.kind === 'slurmJob' ? node.server : node?.kind === 'server' ? node.server : undefined;
    if (server?.slurm) {
      await flow.resubmit(server);
      tree.refresh();
    }
  });
}
