import type { SlurmRecord } from './connectedServer';

/** "reached by a jump to node1": how the tunnel got to the job's Jupyter, for tooltips; empty when the sidecar did not say. */
export function slurmAccessText(slurm: Pick<SlurmRecord, 'access' | 'node'> | undefined): string {
  const node = slurm?.node ?? 'the node';
  switch (slurm?.access) {
    case 'jump':
      return `reached by a jump to ${node}`;
    case 'direct':
      return `reached directly (the login node is ${node})`;
    case 'node-address':
      return `reached at ${node}'s address`;
    default:
      return '';
  }
}
