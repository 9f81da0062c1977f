import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { after, before, test } from 'node:test';
import { ServerDetails } from '../../extension/src/sessions/serverDetails';
import { ServerLogFollows } from '../../extension/src/sessions/serverLogFollows';
import { ServerSessions } from '../../extension/src/sessions/serverSessions';
import { MemoryServerRecordStore, MemoryTokenStore } from '../../extension/src/sessions/serverStores';
import type { StartedServer } from '../../extension/src/sessions/startedServer';
import type { HostConnection } from '../../extension/src/sessions/hostConnection';
import type { ServersChanged } from '../../extension/src/sidecar/contract';
import { serverDescription, serverTooltip } from '../../extension/src/ui/serverDetailsText';
import { startMessage } from '../../extension/src/ui/startMessages';
import { jupyterStatus } from './fixtures/jupyterStatus';
import { runOnTestHost } from './fixtures/remoteCommand';
import { testSidecar } from './fixtures/sidecarPath';
import { TestClient, createTestClient, freshStateDir } from './fixtures/testClient';
import { RunningTestHost, useTestHost } from './fixtures/testHost';

// One server for the whole file (started by the first test, reused by the others, stopped in after()).
let testHost: RunningTestHost;
let t: TestClient;
let tokens: MemoryTokenStore;
let sessions: ServerSessions;
let connection: HostConnection;
let python: string;
let first: StartedServer | undefined;
const stateDir = freshStateDir();
const changes: ServersChanged[] = [];

before(async () => {
  testHost = await useTestHost(testSidecar());
  t = createTestClient();
  tokens = new MemoryTokenStore();
  sessions = new ServerSessions({ api: t.api, records: new MemoryServerRecordStore(), tokens, logger: t.logger });
  t.client.onServersChanged((change) => changes.push(change));
  connection = await sessions.connections.connect(testHost.host.alias, { configFile: testHost.host.sshConfigPath });
  const found = (await sessions.listEnvironments(connection)).find((e) => e.canServe)?.pythonPath;
  assert.ok(found, 'an environment that can serve');
  python = found;
});

after(async () => {
  try {
    if (first) {
      await sessions.stop(first.id);
    }
  } finally {
    sessions.dispose();
    await t.client.dispose();
    await testHost.close();
  }
});

const start = () => sessions.start(connection, { environment: { pythonPath: python }, environmentLabel: 'system', server: { stateDir } });

test('a second start for the same environment reattaches to the running server, and says so', { timeout: 120_000 }, async () => {
  first = await start();
  assert.equal(first.reused, false);
  assert.match(startMessage(first), /^Started a Jupyter server /);

  const second = await start();
  assert.equal(second.reused, true, 'the second start reattaches');
  assert.equal(second.serverId, first.serverId, 'the same server');
  assert.equal(second.id, first.id);
  assert.deepEqual(sessions.list().map((s) => s.id), [first.id], 'one server known, not two');
  const message = startMessage(second);
  assert.match(message, /^Reattached to your running Jupyter server /);
  assert.match(message, /kernels and variables are kept/);
  assert.doesNotMatch(message, /Started/);
  assert.equal(await jupyterStatus(sessions.get(second.id)!.url!, (await tokens.get(second.id))!), 200, 'the kept token opens the reattached server');

  await waitFor(() => changes.filter((c) => c.serverId === first!.serverId).length >= 2, 5_000, 'servers/changed for both starts');
  assert.deepEqual(
    changes.filter((c) => c.serverId === first!.serverId).map((c) => c.change),
    ['started', 'reattached'],
  );
});

test('the tree description shows uptime, kernels and memory from servers/list, and servers/changed invalidates it', { timeout: 60_000 }, async (ctx) => {
  if (!first) {
    ctx.skip('needs the server of the first test');
    return;
  }
  const server = sessions.get(first.id)!;
  const details = new ServerDetails(t.api, t.logger);
  try {
    await startKernel(server.url!, (await tokens.get(server.id))!);
    const info = await details.get(server);
    assert.ok(info, 'servers/list lists the server');
    assert.equal(info.alive, true);
    assert.equal(info.kernels, 1);
    assert.ok((info.memoryBytes ?? 0) > 0, `memory measured: ${JSON.stringify(info)}`);
    const description = serverDescription(info);
    assert.match(description, /^\d+[smhd]( \d+[mh])? · 1 kernel · \d+ MiB$/, description);
    const tooltip = serverTooltip(server, info);
    assert.match(tooltip, new RegExp(`pid ${info.pid} · port ${info.remotePort}`));
    assert.match(tooltip, /persistence: detached/);
    assert.match(tooltip, /working dir: \//);

    // A start (here: a reattach) anywhere on this sidecar makes the tree ask again.
    let fired = false;
    details.onDidChange(() => (fired = true));
    await start();
    await waitFor(() => fired, 5_000, 'ServerDetails.onDidChange after servers/changed');
  } finally {
    details.dispose();
  }
});

test('following the log delivers an appended line within 1 s; stopping ends the notifications', { timeout: 60_000 }, async (ctx) => {
  if (!first) {
    ctx.skip('needs the server of the first test');
    return;
  }
  const id = first.id;
  const log = `${stateDir}/servers/${first.serverId}/server.log`;
  const follows = new ServerLogFollows(sessions);
  const received: { line: string; at: number }[] = [];
  const following = follows.start(id, { onLines: (lines) => received.push(...lines.map((line) => ({ line, at: Date.now() }))) }, 5);
  assert.ok(following, 'the follow started');
  try {
    assert.equal(follows.start(id, { onLines: () => undefined }), undefined, 'one follow per server');
    // The last lines of the log come first: tail is running once they are here.
    await waitFor(() => received.length > 0, 15_000, 'the last lines of the log');

    const marker = `rj-follow-${crypto.randomBytes(4).toString('hex')}`;
    const appended = Date.now();
    await runOnTestHost(testHost.host, `printf '%s\\n' ${marker} >> ${log}`);
    await waitFor(() => received.some((r) => r.line === marker), 5_000, `the appended line ${marker}`);
    const latency = received.find((r) => r.line === marker)!.at - appended;
    assert.ok(latency < 1_000, `the line arrived after ${latency} ms`);

    assert.equal(follows.stop(id), true);
    assert.deepEqual(await following, { reason: 'stopped' });
    assert.equal(follows.isFollowing(id), false);

    // The sidecar itself stops sending: watch the raw notifications, not only our filter.
    const late: string[] = [];
    const subscription = t.client.onServerLog((n) => n.serverId === first!.serverId && late.push(...n.lines));
    try {
      await runOnTestHost(testHost.host, `printf '%s\\n' ${marker}-after-stop >> ${log}`);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert.deepEqual(late, [], 'no servers/log after the follow was cancelled');
    } finally {
      subscription.dispose();
    }
  } finally {
    follows.dispose();
  }
});

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** POST api/kernels, as a notebook opening would; resolves once Jupyter answered 201. */
function startKernel(url: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      new URL('api/kernels', url),
      { method: 'POST', headers: { 'Authorization': `token ${token}`, 'Content-Type': 'application/json' }, timeout: 30_000 },
      (response) => {
        response.resume();
        response.statusCode === 201 ? resolve() : reject(new Error(`POST api/kernels answered ${response.statusCode}`));
      },
    );
    request.on('timeout', () => request.destroy(new Error('POST api/kernels timed out')));
    request.on('error', reject);
    request.end('{}');
  });
}
