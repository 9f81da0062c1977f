import type { Memento } from 'vscode';
import type { SlurmAccess, SlurmNodeAccess } from '../sidecar/contract';

const prefix = 'remoteJupyter.slurm.nodeAddressAfterRefusedJump.';

/**
 * Per host alias (globalState): a node there refused the jump and the sidecar fell back to Jupyter on the node's
 * address. Each such fallback costs a second job through the queue, so the next submission on that host asks for
 * node-address at once, unless remoteJupyter.slurm.nodeAccess was set to something other than auto.
 */
export class SlurmAccessMemory {
  constructor(private readonly state: Memento) {}

  /** The nodeAccess to submit with on `alias`, from the setting and what this host did before. */
  nodeAccess(alias: string, setting: SlurmNodeAccess): SlurmNodeAccess {
    return setting === 'auto' && this.state.get<boolean>(prefix + alias) === true ? 'node-address' : setting;
  }

  /** Notes how a job on `alias` asked with `asked` was reached; true the first time a fallback is learnt (to say so once). */
  async learn(alias: string, asked: SlurmNodeAccess | undefined, reached: SlurmAccess | undefined): Promise<boolean> {
    if (asked === 'node-address' || reached !== 'node-address' || this.state.get<boolean>(prefix + alias) === true) {
      return false;
    }
    await this.state.update(prefix + alias, true);
    return true;
  }
}
