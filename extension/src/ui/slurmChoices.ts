import * as vscode from 'vscode';
import type { EnvironmentInfo, SlurmInfo } from '../sidecar/contract';
import { runOnComputeNodeLabel } from './slurmFlow';
import { clusterDescription, slurmVersionText } from './slurmJobForm';

/** The environment picker's answer when the person chose a compute node: the Slurm flow takes over. */
export interface SlurmChoice {
  slurm: SlurmInfo;
  /** The host's Pythons, offered as "Python on the node" (home folders are usually shared). */
  environments: EnvironmentInfo[];
}

/** A row of the environment picker that leads to the Slurm flow. */
export interface SlurmItem extends vscode.QuickPickItem {
  slurm?: SlurmInfo;
}

/** "Run on a compute node…" under a "Slurm" separator, when the host has a usable Slurm; nothing otherwise. */
export function slurmItems(info: SlurmInfo | undefined): SlurmItem[] {
  if (!info?.available) {
    return [];
  }
  return [
    { label: 'Slurm', kind: vscode.QuickPickItemKind.Separator },
    {
      label: runOnComputeNodeLabel,
      description: clusterDescription(info),
      detail: `Submit a job that runs Jupyter on a compute node, reached through this host${info.version ? ` (${slurmVersionText(info.version)})` : ''}`,
      slurm: info,
    },
  ];
}
