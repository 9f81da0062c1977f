import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { after, before, test } from 'node:test';
import { ServerSessions } from '../../extension/src/sessions/serverSessions';
import { MemoryServerRecordStore, MemoryTokenStore } from '../../extension/src/sessions/serverStores';
import type { HostConnection } from '../../extension/src/sessions/hostConnection';
import { SlurmJobWatch } from '../../extension/src/sessions/slurmJobWatch';
import { timeLeftText, walltimeWarningDue, walltimeWarningText } from '../../extension/src/sessions/slurmWalltime';
import type { EnvironmentInfo, SlurmInfo } from '../../extension/src/sidecar/contract';
import { errorName } from '../../extension/src/sidecar/sidecarError';
import { RemoteJupyterSettings, readSettings } from '../../extension/src/settings/remoteJupyterSettings';
import { SlurmAccessMemory } from '../../extension/src/storage/slurmAccessMemory';
import { SlurmChoiceMemory } from '../../extension/src/storage/slurmChoiceMemory';
import { SlurmWarnedJobs } from '../../extension/src/storage/slurmWarnedJobs';
import { SlurmFlow, partitionRowLabel, resubmitAction, slurmJobTitle, slurmPartitionTitle, submitJobLabel } from '../../extension/src/ui/slurmFlow';
import { durationText, initialValues, partitionDescription, toSlurmParams, validateField, withPython } from '../../extension/src/ui/slurmJobForm';
import { SlurmTree } from '../../extension/src/ui/slurmTree';
import { jupyterStatus } from './fixtures/jupyterStatus';
import { MemoryMemento } from './fixtures/memoryStores';
import { ScriptedSlurmPrompter } from './fixtures/scriptedSlurmPrompter';
import { testSidecar } from './fixtures/sidecarPath';
import { cleanUpStateDirs } from './fixtures/stateDirCleanup';
import { TestClient, createTestClient, freshStateDir, runIdVariable } from './fixtures/testClient';
import { RunningTestHost, startTestHost } from './fixtures/testHost';

// The cluster needs root (slurmctld, slurmd, munge); elsewhere only the clock tests run.
const root = process.getuid?.() === 0;
const skip = root ? false : 'a Slurm cluster needs root';

let testHost: RunningTestHost;
let t: TestClient;
let records: MemoryServerRecordStore;
let tokens: MemoryTokenStore;
let sessions: ServerSessions;
let connection: HostConnection;
let info: SlurmInfo;
let environments: EnvironmentInfo[];
let memory: SlurmChoiceMemory;
let settings: RemoteJupyterSettings;
const stateDir = freshStateDir();
/** The job (a) starts; later tests reuse it rather than waiting for more jobs. */
let serverId: string;

before(async () => {
  if (!root) {
    return;
  }
  testHost = await startTestHost(testSidecar(), { slurm: true });
  t = createTestClient({ trace: 'verbose' });
  records = new MemoryServerRecordStore();
  tokens = new MemoryTokenStore();
  sessions = new ServerSessions({ api: t.api, records, tokens, logger: t.logger });
  connection = await sessions.connections.connect(testHost.host.alias, { configFile: testHost.host.sshConfigPath });
  [info, environments] = await Promise.all([sessions.detectSlurm(connection), sessions.listEnvironments(connection)]);
  memory = new SlurmChoiceMemory(new MemoryMemento());
  settings = readSettings({ get: () => undefined });
  settings.server.stateDir = stateDir;
});

after(async () => {
  if (!root) {
    return;
  }
  // Whatever a failed test left: every job of the login user goes, before the cluster does.
  await slurm(['scancel', '-u', testHost.host.userName]).catch(() => undefined);
  sessions?.dispose();
  await t?.client.dispose();
  // run.ts cleans the shared host's user; this host's user (rjext) is this file's to clean.
  cleanUpStateDirs(testHost.host.userHome, process.env[runIdVariable] ?? 'solo');
  await testHost?.close();
});

function flowWith(prompter: ScriptedSlurmPrompter, on: ServerSessions = sessions): SlurmFlow {
  return new SlurmFlow({ sessions: on, memory, settings: () => settings, prompter, log: t.logger });
}

/** A Slurm client command run here as root against the test cluster. */
function slurm(args: string[]): Promise<string> {
  const [command, ...rest] = args;
  return new Promise((resolve, reject) =>
    execFile(`/usr/bin/${command}`, rest, { env: { ...process.env, SLURM_CONF: testHost.host.slurm!.confPath }, timeout: 15_000, encoding: 'utf8' }, (error, stdout, stderr) =>
      error ? reject(new Error(`${args.join(' ')}: ${error.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

/** "12 RUNNING" lines: the login user's jobs as Slurm sees them. */
async function queue(): Promise<string[]> {
  return (await slurm(['squeue', '-h', '-u', testHost.host.userName, '-o', '%i %T'])).split('\n').filter((l) => l.trim() !== '');
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

test('(e) walltime: time left from a clock, one warning ten minutes before the end', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const job = { jobId: '12', endsAt: now + 52 * 60_000 + 30_000 };
  assert.equal(timeLeftText(job, now), '0:52');
  assert.equal(timeLeftText({ endsAt: now + 3 * 3600_000 }, now), '3:00');
  assert.equal(timeLeftText({ endsAt: now - 1000 }, now), '0:00');
  assert.equal(timeLeftText({}, now), undefined, 'no time limit: nothing to count down');
  const warned = new Set<string>(); // a Set is the simplest WarnedJobIds
  assert.equal(walltimeWarningDue(job, now, warned), false, '52 minutes left');
  const tenBefore = job.endsAt - 10 * 60_000;
  assert.equal(walltimeWarningDue(job, tenBefore, warned), true);
  assert.equal(walltimeWarningDue(job, tenBefore + 60_000, warned), false, 'once per job');
  assert.equal(walltimeWarningDue({ jobId: '13', endsAt: now - 1 }, now, warned), false, 'an ended job is not warned about');
  assert.equal(walltimeWarningText(job, 'cluster', tenBefore), 'Slurm job 12 on cluster ends in 10 minutes: save your notebook; Jupyter stops with the job.');
});

test('the job form checks Slurm formats before sbatch does', () => {
  for (const ok of ['90', '30:00', '1:00:00', '1-00', '1-12:00', '2-00:00:00', 'UNLIMITED', '']) {
    assert.equal(validateField('time', ok), undefined, ok);
  }
  for (const bad of ['1h', '1:00:00:00', 'abc', '-5']) {
    assert.ok(validateField('time', bad), bad);
  }
  assert.ok(validateField('cpus', '0'));
  assert.equal(validateField('mem', '16G'), undefined);
  assert.ok(validateField('mem', '16 GB'));
  assert.equal(validateField('gres', 'gpu:a100:2'), undefined);
  assert.ok(validateField('extraArgs', 'qos=short'));
  assert.equal(durationText(3600), '1:00:00');
  assert.equal(durationText(2 * 86_400), '2-00:00:00');
  assert.equal(
    partitionDescription({ name: 'debug', isDefault: true, up: true, nodes: 1, idleNodes: 1, cpusPerNode: '2', memoryMbPerNode: '1000' }),
    'default · 1/1 nodes idle · 2 CPUs/node · no time limit',
  );
});

test('the form starts from the host\'s last submission, else from the settings', () => {
  const values: Record<string, unknown> = {
    'slurm.defaults': { partition: 'gpu', time: '2:00:00', cpus: 4, mem: '16G', extraArgs: ['--qos=short'], bogus: 1 },
    'slurm.modules': ['python/3.11'],
    'slurm.nodeAccess': 'jump',
  };
  const configured = readSettings({ get: <T>(key: string) => values[key] as T });
  assert.deepEqual(configured.slurm.defaults, { partition: 'gpu', time: '2:00:00', cpus: 4, mem: '16G', gres: undefined, account: undefined, extraArgs: ['--qos=short'] });
  const partition = (name: string, isDefault: boolean) => ({ name, isDefault, up: true, nodes: 1, idleNodes: 1, cpusPerNode: '2', memoryMbPerNode: '1000' });
  const cluster: SlurmInfo = { available: true, partitions: [partition('debug', true), partition('gpu', false)] };
  const pythons = [{ kind: 'venv', path: '/v', pythonPath: '/v/bin/python', version: '3.11', hasJupyterServer: true, hasIpykernel: true, canServe: true } as EnvironmentInfo];
  const fromSettings = initialValues(undefined, configured.slurm.defaults, cluster, pythons);
  assert.equal(fromSettings.partition, 'gpu');
  assert.equal(fromSettings.pythonPath, '/v/bin/python', 'the first environment that can serve');
  assert.equal(fromSettings.venvPath, '/v', 'a venv is activated in the job');
  const conda = { ...pythons[0], kind: 'conda', path: '/c/envs/torch', pythonPath: '/c/envs/torch/bin/python' } as EnvironmentInfo;
  assert.deepEqual(withPython(fromSettings, conda.pythonPath, [...pythons, conda]).condaPrefix, '/c/envs/torch');
  assert.deepEqual(withPython(fromSettings, conda.pythonPath, [...pythons, conda]).venvPath, undefined, 'the venv of the Python before is dropped');
  assert.deepEqual(toSlurmParams({ cpus: 2 }, [], 'auto', 2222), { cpus: 2, modules: undefined, nodeAccess: undefined, nodeSshPort: 2222 });
  const fromLast = initialValues({ partition: 'gone', time: '30' }, configured.slurm.defaults, cluster, []);
  assert.deepEqual(fromLast, { partition: 'debug', time: '30', pythonPath: 'python3' }, 'a partition the cluster lost falls back to its default');
  assert.deepEqual(toSlurmParams({ cpus: 2 }, configured.slurm.modules, configured.slurm.nodeAccess), { cpus: 2, modules: ['python/3.11'], nodeAccess: 'jump' });
  assert.equal(readSettings({ get: () => undefined }).slurm.nodeAccess, 'auto');
});

test('(a) Run on a compute node: partition, job form, PENDING/RUNNING progress, a server that answers, choices remembered', { skip }, async () => {
  assert.ok(info.available, `slurm/detect: ${JSON.stringify(info)}`);
  const prompter = new ScriptedSlurmPrompter();
  prompter.pickScript = [testHost.host.slurm!.partition, 'Time limit', 'CPUs', submitJobLabel];
  prompter.inputScript = ['0:30:00', '1'];
  const started = await flowWith(prompter).run(connection, info, environments);
  assert.ok(started, `no server; errors: ${JSON.stringify(prompter.errors)}`);
  serverId = started.serverId;

  const [partitionPick, summary] = prompter.picks;
  assert.equal(partitionPick.title, slurmPartitionTitle);
  assert.equal(partitionPick.active?.label, testHost.host.slurm!.partition, 'the default partition is preselected');
  assert.match(partitionPick.items[0].description ?? '', /default · \d\/1 nodes idle · 2 CPUs\/node/);
  assert.equal(summary.title, slurmJobTitle);
  assert.equal(summary.items[0].label, submitJobLabel, 'Submit comes first');
  assert.deepEqual(summary.items.map((i) => i.label).slice(1, 4), [partitionRowLabel, 'Time limit', 'CPUs']);
  assert.equal(summary.items.find((i) => i.label === 'Memory')?.description, 'default');

  assert.ok(prompter.progressMessages.some((m) => /^Submitted job \d+/.test(m)), prompter.progressMessages.join('\n'));
  assert.ok(prompter.progressMessages.some((m) => /Job \d+ (PENDING|running on)/i.test(m)), prompter.progressMessages.join('\n'));

  const server = sessions.get(started.id)!;
  assert.equal(server.state, 'connected');
  assert.equal(server.slurm?.partition, testHost.host.slurm!.partition);
  assert.deepEqual({ time: server.slurm?.params.time, cpus: server.slurm?.params.cpus }, { time: '0:30:00', cpus: 1 });
  assert.ok(server.slurm?.endsAt && server.slurm.endsAt > Date.now() + 25 * 60_000, 'the walltime is counted from Slurm');
  const token = await tokens.get(started.id);
  assert.ok(token, 'the token is kept like any server');
  assert.equal(await jupyterStatus(server.url!, token), 200);
  assert.ok(!t.logger.text.includes(token), 'the token never reaches the log');
  assert.deepEqual(await queue(), [`${server.slurm!.jobId} RUNNING`]);

  // The second run starts from this submission.
  const again = new ScriptedSlurmPrompter();
  again.pickScript = [testHost.host.slurm!.partition, undefined];
  assert.equal(await flowWith(again).choose(connection, info, environments), undefined, 'backed out');
  assert.equal(again.picks[0].active?.label, testHost.host.slurm!.partition);
  const rows = again.picks[1].items;
  assert.equal(rows.find((i) => i.label === 'Time limit')?.description, '0:30:00');
  assert.equal(rows.find((i) => i.label === 'CPUs')?.description, '1');
});

test('after a sidecar restart and after a reload, attaching finds the same job', { skip }, async () => {
  const id = `${connection.alias}|${serverId}`;
  const jobId = sessions.get(id)!.slurm!.jobId;
  await t.client.restart();
  const attached = await until('reattach after restart', async () => (sessions.get(id)?.state === 'connected' ? sessions.get(id) : undefined), 30_000);
  assert.equal(attached.slurm?.jobId, jobId);
  assert.equal(await jupyterStatus(attached.url!, (await tokens.get(id))!), 200);

  // A reload: new sessions from the kept records and tokens, as VS Code's globalState would give them.
  const reloaded = new ServerSessions({ api: t.api, records, tokens, logger: t.logger });
  try {
    assert.equal(reloaded.get(id)?.state, 'disconnected');
    const server = await reloaded.ensureAttached(id);
    assert.equal(server.slurm?.jobId, jobId);
    assert.equal(await jupyterStatus(server.url!, (await tokens.get(id))!), 200);
  } finally {
    reloaded.dispose();
  }
  // The reload's tunnel replaced ours; the sessions under test attach again, on the connection the restart made.
  await sessions.reattach(id);
  connection = await sessions.connections.connect(testHost.host.alias, { configFile: testHost.host.sshConfigPath });
});

test('(f) the Hosts view shows Slurm cluster → partition → our job', { skip }, async () => {
  const tree = new SlurmTree(sessions, t.logger);
  const host = { kind: 'host' as const, host: connection.host, alias: connection.alias, connection };
  const [cluster] = await tree.clusterOf(host);
  assert.ok(cluster?.info, 'a Slurm cluster row');
  const partitions = await tree.partitionsOf(cluster);
  const partition = partitions.find((p) => p.name === testHost.host.slurm!.partition);
  assert.ok(partition?.partition, JSON.stringify(partitions.map((p) => p.name)));
  const job = partition.jobs.find((j) => j.job.serverId === serverId);
  assert.ok(job, JSON.stringify(partition.jobs));
  assert.equal(job.job.jobState, 'RUNNING');
  assert.equal(job.server?.serverId, serverId);
});

test('Show Logs of a Slurm server reads the job\'s output; Follow gets its lines', { skip }, async () => {
  const server = sessions.get(`${connection.alias}|${serverId}`)!;
  const echoed = `remote-jupyter: job ${server.slurm!.jobId} on ${testHost.host.slurm!.nodeName}`;
  const log = await sessions.logs(server.id, 50);
  assert.match(log.logPath, new RegExp(`/jobs/${serverId}/job\\.log$`));
  assert.ok(log.text.includes(echoed), log.text);

  const source = new CancellationTokenSource();
  const lines: string[] = [];
  const following = sessions.followLogs(server.id, (l) => lines.push(...l), source.token, 50);
  try {
    await until('the followed line', async () => (lines.some((l) => l.includes(echoed)) ? true : undefined), 15_000);
  } finally {
    source.cancel();
  }
  await following;
});

test('the job watch warns once, ten minutes before the walltime ends', { skip }, async () => {
  const warnings: string[] = [];
  const globalState = new MemoryMemento();
  const watch = new SlurmJobWatch(sessions, (_, text) => warnings.push(text), t.logger, new SlurmWarnedJobs(globalState));
  const server = sessions.get(`${connection.alias}|${serverId}`)!;
  assert.ok(watch.active);
  await watch.tick(Date.now());
  assert.deepEqual(warnings, [], 'half an hour left');
  await watch.tick(server.slurm!.endsAt! - 9 * 60_000);
  await watch.tick(server.slurm!.endsAt! - 8 * 60_000);
  assert.deepEqual(warnings, [`Slurm job ${server.slurm!.jobId} on ${connection.alias} ends in 9 minutes: save your notebook; Jupyter stops with the job.`]);
  // A reload: a new watch over the same globalState does not warn again.
  const afterReload: string[] = [];
  await new SlurmJobWatch(sessions, (_, text) => afterReload.push(text), t.logger, new SlurmWarnedJobs(globalState)).tick(server.slurm!.endsAt! - 7 * 60_000);
  assert.deepEqual(afterReload, []);
  assert.equal(sessions.get(server.id)?.state, 'connected', 'the job still runs: the watch left it alone');
});

test('(b) Cancel while PENDING leaves no job', { skip, timeout: 90_000 }, async () => {
  // Our first job holds one of the node's two CPUs: a job that wants both must wait.
  const prompter = new ScriptedSlurmPrompter();
  prompter.pickScript = [testHost.host.slurm!.partition, 'CPUs', submitJobLabel];
  prompter.inputScript = ['2'];
  let pendingJob: string | undefined;
  // Cancel once Slurm says why it waits (the first PENDING may come before the scheduler looked).
  prompter.cancelWhen = (value) => {
    pendingJob = /^Job (\d+) PENDING \(\w+\)/.exec(value.message)?.[1] ?? pendingJob;
    return pendingJob !== undefined;
  };
  const before = sessions.list().length;
  const started = await flowWith(prompter).run(connection, info, environments);
  assert.equal(started, undefined);
  assert.ok(pendingJob, `never pending: ${prompter.progressMessages.join('\n')}`);
  // Slurm's reason is shown with the state, as the notification shows it.
  assert.ok(prompter.progressMessages.some((m) => /^Job \d+ PENDING \((Resources|Priority)\)$/.test(m)), prompter.progressMessages.join('\n'));
  assert.deepEqual(prompter.errors, [], 'a cancel is not an error');
  assert.equal(sessions.list().length, before, 'nothing registered');
  await until('the pending job to go', async () => ((await queue()).some((l) => l.startsWith(`${pendingJob} `)) ? undefined : true), 10_000);
});

test('a job sbatch refuses is explained, without Resubmit, and registers nothing', { skip }, async () => {
  const prompter = new ScriptedSlurmPrompter();
  prompter.pickScript = [testHost.host.slurm!.partition, 'Extra sbatch options', submitJobLabel];
  prompter.inputScript = ['--no-such-sbatch-option'];
  const before = sessions.list().length;
  assert.equal(await flowWith(prompter).run(connection, info, environments), undefined);
  assert.equal(prompter.errors.length, 1, JSON.stringify(prompter.errors));
  assert.match(prompter.errors[0].message, /sbatch on .* refused the job/);
  assert.deepEqual(prompter.errors[0].actions, [], 'resubmitting the same options would fail the same way');
  assert.equal(sessions.list().length, before);
});

test('(c) a job ended by its time limit is reported by attach with Resubmit, which runs a new job', { skip }, async () => {
  const id = `${connection.alias}|${serverId}`;
  const oldJob = sessions.get(id)!.slurm!.jobId;
  // Ending the walltime now beats waiting a minute for --time=1; slurmctld enforces it on its next check (≤ 30 s).
  await slurm(['scontrol', 'update', `JobId=${oldJob}`, 'EndTime=now']);
  await until('TIMEOUT', async () => ((await queue()).some((l) => l.startsWith(`${oldJob} `)) ? undefined : true), 60_000);

  const prompter = new ScriptedSlurmPrompter();
  prompter.errorAnswers = [resubmitAction];
  const flow = flowWith(prompter);
  let ended: { state: string; message: string } | undefined;
  let attachError: Promise<unknown> | undefined;
  const resubmitted = new Promise<string | undefined>((resolve) => {
    const subscription = sessions.onSlurmJobEnded(({ server, message }) => {
      subscription.dispose();
      ended = { state: server.state, message };
      // Fired from inside the failing attach: asking again joins that attempt, whose error this is.
      attachError = sessions.reattach(server.id).then(() => undefined, (error: unknown) => error);
      void flow.jobEnded(server, message).then((s) => resolve(s?.id), () => resolve(undefined));
    });
  });
  // The minute's watch sees the job ended and attaches once more: slurm/attach fails with 702 (slurmJobEnded),
  // which is what fires onSlurmJobEnded.
  await new SlurmJobWatch(sessions, () => undefined, t.logger).tick();
  const newId = await resubmitted;
  assert.equal(ended?.state, 'lost');
  assert.equal(errorName(await attachError), 'slurmJobEnded', 'error 702');
  assert.equal(prompter.errors.length, 1);
  assert.match(prompter.errors[0].message, /TIMEOUT/);
  assert.deepEqual(prompter.errors[0].actions, [resubmitAction]);
  assert.ok(newId, `no new server: ${JSON.stringify(prompter.errors)}`);
  const server = sessions.get(newId)!;
  assert.notEqual(server.slurm?.jobId, oldJob);
  assert.deepEqual({ time: server.slurm?.params.time, cpus: server.slurm?.params.cpus }, { time: '0:30:00', cpus: 1 }, 'the same parameters');
  assert.equal(await jupyterStatus(server.url!, (await tokens.get(newId))!), 200);
  assert.equal(sessions.get(id), undefined, 'the ended job is forgotten');
  serverId = server.serverId;
});

test('(d) Stop leaves no job', { skip }, async () => {
  const id = `${connection.alias}|${serverId}`;
  const result = await sessions.stop(id);
  assert.notEqual(result.how, 'not-found');
  assert.equal(sessions.get(id), undefined);
  assert.deepEqual(await queue(), []);
  assert.deepEqual(await sessions.listSlurmJobs(connection, stateDir), []);
});

test('a refused jump falls back to the node\'s address; the host is remembered and said once in the log', { skip }, async () => {
  // Nothing listens on a port just freed: the jump to the node is refused, as by a node without sshd.
  const closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const jumpOnly = readSettings({ get: () => undefined });
  jumpOnly.server.stateDir = stateDir;
  jumpOnly.slurm.nodeAccess = 'jump';
  jumpOnly.slurm.nodeSshPort = closedPort;
  const access = new SlurmAccessMemory(new MemoryMemento());
  const flow = new SlurmFlow({ sessions, memory, access, settings: () => jumpOnly, prompter: new ScriptedSlurmPrompter(), log: t.logger });
  const started = await flow.submit(connection, { partition: testHost.host.slurm!.partition, time: '5', cpus: 1 });
  try {
    assert.equal(started.slurm?.access, 'node-address');
    assert.equal(access.nodeAccess(connection.alias, 'auto'), 'node-address', 'auto asks for the node address next time');
    assert.equal(access.nodeAccess(connection.alias, 'jump'), 'jump');
    assert.equal(t.logger.text.split('refused the jump').length - 1, 1, t.logger.text);
  } finally {
    await sessions.stop(started.id);
  }
});
