import type { Memento } from 'vscode';
import type { SlurmJobValues } from '../ui/slurmJobForm';

const prefix = 'remoteJupyter.slurm.last.';

/** The last job form submitted per host alias (globalState), so the next one starts from it. */
export class SlurmChoiceMemory {
  constructor(private readonly state: Memento) {}

  get(alias: string): SlurmJobValues | undefined {
    return this.state.get<SlurmJobValues>(prefix + alias);
  }

  async remember(alias: string, values: SlurmJobValues): Promise<void> {
    await this.state.update(prefix + alias, values);
  }
}
