import * as vscode from 'vscode';
import { slurmAccessText } from '../sessions/slurmAccessText';
import { timeLeftText } from '../sessions/slurmWalltime';
import { partitionDescription, slurmVersionText } from './slurmJobForm';
import { SlurmTreeNode, jobDescription, secondsLeftText } from './slurmTree';

/** How the Slurm rows of the Hosts view look; contextValues are matched by package.json's menus. */
export function slurmTreeItem(node: SlurmTreeNode, now: number): vscode.TreeItem {
  switch (node.kind) {
    case 'slurmCluster': {
      const item = new vscode.TreeItem('Slurm cluster', vscode.TreeItemCollapsibleState.Expanded);
      item.id = `slurm:${node.parent.host}`;
      item.description = node.info ? (node.info.version ? slurmVersionText(node.info.version) : undefined) : node.parent.connection ? 'no Slurm found' : 'connect to list partitions';
      item.iconPath = new vscode.ThemeIcon('server-environment');
      item.contextValue = node.parent.connection && node.info ? 'slurmCluster.canSubmit' : 'slurmCluster';
      item.tooltip = node.info ? [node.info.sinfoPath, node.info.slurmConf ? `SLURM_CONF=${node.info.slurmConf}` : undefined].filter(Boolean).join('\n') : undefined;
      return item;
    }
    case 'slurmPartition': {
      const item = new vscode.TreeItem(node.name, node.jobs.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.id = `slurmPartition:${node.parent.host}:${node.name}`;
      item.description = node.partition ? partitionDescription(node.partition) : undefined;
      item.iconPath = new vscode.ThemeIcon(node.partition && !node.partition.up ? 'warning' : 'server');
      item.contextValue = node.parent.connection && node.partition ? 'slurmPartition.canSubmit' : 'slurmPartition';
      return item;
    }
    case 'slurmJob': {
      const { job, server } = node;
      const item = new vscode.TreeItem(`Job ${job.jobId}`, vscode.TreeItemCollapsibleState.None);
      item.id = `slurmJob:${node.parent.host}:${job.serverId}`;
      const left = server?.state === 'connected' ? timeLeftText(server.slurm, now) : secondsLeftText(job.timeLeftSeconds);
      item.description = [jobDescription(job, left), server && server.state !== 'connected' ? server.state : server ? 'connected' : undefined].filter(Boolean).join(' · ');
      const icons: Record<string, string> = { RUNNING: 'vm-running', PENDING: 'watch' };
      item.iconPath = new vscode.ThemeIcon(icons[job.jobState] ?? 'error');
      // ".known": a record holds the job's parameters, so it can be resubmitted.
      item.contextValue = `slurmJob.${job.jobState === 'RUNNING' ? 'running' : job.jobState === 'PENDING' ? 'pending' : 'ended'}${server?.slurm ? '.known' : ''}`;
      item.tooltip = [
        `Slurm job ${job.jobId} (${job.jobState}${job.reason ? `, ${job.reason}` : ''})`,
        job.node ? `node ${job.node}` : undefined,
        server?.state === 'connected' ? slurmAccessText(server.slurm) : undefined,
        server?.message,
      ]
        .filter(Boolean)
        .join('\n');
      return item;
    }
  }
}
