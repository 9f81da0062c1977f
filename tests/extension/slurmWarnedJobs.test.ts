import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { walltimeWarningDue } from '../../extension/src/sessions/slurmWalltime';
import { SlurmWarnedJobs } from '../../extension/src/storage/slurmWarnedJobs';
import { MemoryMemento } from './fixtures/memoryStores';

test('the walltime warning given before a reload is not given again after it; gone jobs are pruned', () => {
  const state = new MemoryMemento();
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const job = { jobId: '12', endsAt: now + 9 * 60_000 };
  const server = 'hpc|abc123';

  const before = new SlurmWarnedJobs(state);
  assert.equal(walltimeWarningDue(job, now, before.of(server)), true, 'nine minutes left: warn');
  assert.equal(walltimeWarningDue(job, now + 60_000, before.of(server)), false, 'once');

  // A reload: a new window reads globalState.
  const reloaded = new SlurmWarnedJobs(state);
  assert.equal(walltimeWarningDue(job, now + 120_000, reloaded.of(server)), false, 'not again after the reload');
  assert.equal(walltimeWarningDue(job, now + 120_000, reloaded.of('other|abc123')), true, 'keyed by server as well as job');

  // Job 12 is gone (its server now runs job 13): its entry goes, the live one stays.
  reloaded.prune([{ serverId: 'other|abc123', jobId: '12' }, { serverId: server, jobId: '13' }]);
  assert.deepEqual(state.get('remoteJupyter.slurm.walltimeWarned'), ['other|abc123|12']);
  assert.equal(new SlurmWarnedJobs(state).of(server).has('12'), false);

  // Without a Memento (tests, or no globalState) it works in memory.
  const memoryOnly = new SlurmWarnedJobs();
  assert.equal(walltimeWarningDue(job, now, memoryOnly.of(server)), true);
  assert.equal(walltimeWarningDue(job, now, memoryOnly.of(server)), false);
});
