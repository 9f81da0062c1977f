import type { ConnectedServer } from './connectedServer';
import type { ServerSessions } from './serverSessions';
import { SlurmWarnedJobs } from '../storage/slurmWarnedJobs';
import { walltimeWarningDue, walltimeWarningText } from './slurmWalltime';

/** States in which a job still runs or will: anything else means it is over. */
const aliveStates = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'REQUEUED', 'RESIZING', 'SUSPENDED']);

/**
 * Once a minute while Slurm servers are connected: the ten-minute walltime warning (once per job,
 * across reloads when `warned` is kept in globalState),
 * and a look at slurm/jobs, because a job ended by Slurm (TIMEOUT, PREEMPTED, NODE_FAIL) leaves a
 * tunnel to nothing that nothing else notices. An ended job is attached once more, which fails with
 * the sidecar's full story (state + last log lines) and fires onSlurmJobEnded. No 'vscode' import.
 */
export class SlurmJobWatch {
  constructor(
    private readonly sessions: ServerSessions,
    private readonly onWarning: (server: ConnectedServer, text: string) => void,
    private readonly log: { warn(message: string): void },
    private readonly warned = new SlurmWarnedJobs(),
  ) {}

  /** True while a minute's refresh is worth it (the status bar's time left, this watch). */
  get active(): boolean {
    return this.sessions.list().some((s) => s.slurm && s.state === 'connected');
  }

  async tick(now = this.sessions.now()): Promise<void> {
    // A job no record holds any more (ended and forgotten, or replaced by a resubmission) needs no memory of its warning.
    this.warned.prune(this.sessions.list().flatMap((s) => (s.slurm ? [{ serverId: s.id, jobId: s.slurm.jobId }] : [])));
    const servers = this.sessions.list().filter((s) => s.slurm && s.state === 'connected' && s.connectionId);
    for (const server of servers) {
      if (walltimeWarningDue(server.slurm, now, this.warned.of(server.id))) {
        this.onWarning(server, walltimeWarningText(server.slurm!, server.alias, now));
      }
    }
    const groups = new Map<string, ConnectedServer[]>();
    for (const server of servers) {
      const key = `${server.connectionId}\n${server.stateDir ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), server]);
    }
    await Promise.all([...groups.values()].map((group) => this.check(group)));
  }

  private async check(group: ConnectedServer[]): Promise<void> {
    const connection = this.sessions.connections.byId(group[0].connectionId!);
    if (!connection) {
      return;
    }
    let jobs;
    try {
      jobs = await this.sessions.listSlurmJobs(connection, group[0].stateDir);
    } catch (error) {
      // A failed look proves nothing about the jobs; the next minute tries again.
      this.log.warn(`Listing the Slurm jobs of ${connection.alias}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    for (const server of group) {
      const job = jobs.find((j) => j.serverId === server.serverId);
      if (!job || !aliveStates.has(job.jobState)) {
        // Fails with slurmJobEnded (→ onSlurmJobEnded) or serverNotFound (→ forgotten); both are already handled there.
        await this.sessions.reattach(server.id).catch(() => undefined);
      }
    }
  }
}
