import type { Memento } from 'vscode';

const key = 'remoteJupyter.slurm.walltimeWarned';

/** The job ids of one server a walltime warning was given for: what walltimeWarningDue reads and adds to. */
export interface WarnedJobIds {
  has(jobId: string): boolean;
  add(jobId: string): void;
}

/**
 * Jobs the ten-minute walltime warning was given for, as "server id|job id" in globalState, so a window reload does
 * not warn again. Without a Memento it lives in memory only. Entries go once their server record or job is gone.
 */
export class SlurmWarnedJobs {
  private readonly warned: Set<string>;

  constructor(private readonly state?: Pick<Memento, 'get' | 'update'>) {
    this.warned = new Set(state?.get<string[]>(key) ?? []);
  }

  /** The warned job ids of server `serverId` (a ConnectedServer id); add persists. */
  of(serverId: string): WarnedJobIds {
    return {
      has: (jobId) => this.warned.has(entry(serverId, jobId)),
      add: (jobId) => {
        this.warned.add(entry(serverId, jobId));
        this.save();
      },
    };
  }

  /** Keeps only the entries of jobs some server still holds (`live`: server id and job id pairs). */
  prune(live: ReadonlyArray<{ serverId: string; jobId: string }>): void {
    const keep = new Set(live.map((l) => entry(l.serverId, l.jobId)));
    const before = this.warned.size;
    for (const warned of [...this.warned]) {
      if (!keep.has(warned)) {
        this.warned.delete(warned);
      }
    }
    if (this.warned.size !== before) {
      this.save();
    }
  }

  private save(): void {
    // A failed write only risks one more warning after a reload; the warning itself must not wait or fail on it.
    void Promise.resolve(this.state?.update(key, [...this.warned])).catch(() => undefined);
  }
}

function entry(serverId: string, jobId: string): string {
  return `${serverId}|${jobId}`;
}
