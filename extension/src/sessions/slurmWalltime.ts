import type { WarnedJobIds } from '../storage/slurmWarnedJobs';
import type { SlurmRecord } from './connectedServer';

/** How long before a job's end the person is warned: enough to save and stop. */
export const walltimeWarningMs = 10 * 60 * 1000;

/** When a job ends, from Slurm's time left at start or attach; undefined for an unlimited job. */
export function endsAtFrom(timeLeftSeconds: number | undefined, now: number): number | undefined {
  return timeLeftSeconds === undefined || timeLeftSeconds < 0 ? undefined : now + timeLeftSeconds * 1000;
}

/** "0:52" (hours:minutes left, rounded down; "0:00" once over); undefined for an unlimited job. */
export function timeLeftText(slurm: Pick<SlurmRecord, 'endsAt'> | undefined, now: number): string | undefined {
  if (slurm?.endsAt === undefined) {
    return undefined;
  }
  const minutes = Math.max(0, Math.floor((slurm.endsAt - now) / 60_000));
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * True once per job when it is within ten minutes of its end and has not ended yet: `warned` holds
 * the job ids already warned about, and this adds to it. A job started with less than ten minutes
 * left is warned about at once — the person should know it will not last.
 */
export function walltimeWarningDue(slurm: Pick<SlurmRecord, 'endsAt' | 'jobId'> | undefined, now: number, warned: WarnedJobIds): boolean {
  if (slurm?.endsAt === undefined || warned.has(slurm.jobId)) {
    return false;
  }
  const left = slurm.endsAt - now;
  if (left > walltimeWarningMs || left <= 0) {
    return false;
  }
  warned.add(slurm.jobId);
  return true;
}

/** The warning's text: "Slurm job 12 on cluster ends in 10 minutes…" (rounded up, so 9.5 minutes say 10). */
export function walltimeWarningText(slurm: Pick<SlurmRecord, 'endsAt' | 'jobId'>, alias: string, now: number): string {
  const minutes = Math.max(1, Math.ceil(((slurm.endsAt ?? now) - now) / 60_000));
  return `Slurm job ${slurm.jobId} on ${alias} ends in ${minutes} minute${minutes === 1 ? '' : 's'}: save your notebook; Jupyter stops with the job.`;
}
