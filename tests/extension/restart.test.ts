import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { State } from '../../extension/src/sidecar/clientState';
import { ServerSessions } from '../../extension/src/sessions/serverSessions';
import { MemoryServerRecordStore, MemoryTokenStore } from '../../extension/src/sessions/serverStores';
import { RunningTestHost, useTestHost } from './fixtures/testHost';
import { createTestClient, freshStateDir } from './fixtures/testClient';
import { jupyterStatus } from './fixtures/jupyterStatus';
import { testSidecar } from './fixtures/sidecarPath';

let testHost: RunningTestHost;

before(async () => {
  testHost = await useTestHost(testSidecar());
});

after(async () => {
  await testHost.close();
});

test('after the sidecar is killed, the client restarts it and reattaches the same server at a working URL', async () => {
  const { client, api, logger } = createTestClient({ trace: 'verbose' });
  const tokens = new MemoryTokenStore();
  const sessions = new ServerSessions({ api, records: new MemoryServerRecordStore(), tokens, logger });
  const stateDir = freshStateDir();
  let serverId: string | undefined;
  try {
    const connection = await sessions.connections.connect(testHost.host.alias, { configFile: testHost.host.sshConfigPath });
    const environments = await sessions.listEnvironments(connection);
    const python = environments.find((e) => e.canServe)?.pythonPath;
    assert.ok(python);
    const before = await sessions.start(connection, { environment: { pythonPath: python }, environmentLabel: 'system', server: { stateDir } });
    serverId = before.serverId;
    const token = await tokens.get(before.id);
    assert.ok(token);
    assert.equal(await jupyterStatus(before.url!, token), 200);

    const oldPid = client.pid!;
    const restarted = new Promise<void>((resolve) => client.onDidRestart(() => resolve()));
    process.kill(oldPid, 'SIGKILL');
    await restarted;
    assert.equal(client.state, State.Running);
    assert.notEqual(client.pid, oldPid, 'a new process');

    // reattachAll runs on restart; wait until the server is connected again.
    const after = await waitFor(() => {
      const s = sessions.get(before.id);
      return s?.state === 'connected' ? s : undefined;
    });
    assert.equal(after.serverId, before.serverId, 'the same server came back');
    assert.notEqual(after.connectionId, before.connectionId, 'through a new connection');
    assert.equal(await jupyterStatus(after.url!, token), 200);
    assert.ok(!logger.text.includes(token), 'servers/attach sent the token, but the trace shows it redacted');
    assert.match(logger.text, /Sending request 'servers\/attach/);
  } finally {
    if (serverId) {
      const id = sessions.list().find((s) => s.serverId === serverId)?.id;
      if (id) {
        await sessions.stop(id);
      }
    }
    sessions.dispose();
    await client.dispose();
  }
});

test('the restart budget gives up after repeated crashes and the next request starts the sidecar again', async () => {
  const { client, api } = createTestClient();
  const gaveUp = new Promise<string>((resolve) => client.onDidGiveUp(resolve));
  try {
    await api.listHosts({ configFile: testHost.host.sshConfigPath });
    // Budget 4: the fifth crash in a row is not followed by a restart.
    for (let crash = 1; crash <= 5; crash++) {
      const pid = client.pid!;
      const next = crash < 5 ? new Promise<void>((resolve) => client.onDidRestart(() => resolve())) : gaveUp;
      process.kill(pid, 'SIGKILL');
      await next;
    }
    assert.match(await gaveUp, /will not be restarted/);
    assert.equal(client.state, State.Stopped);
    const hosts = await api.listHosts({ configFile: testHost.host.sshConfigPath });
    assert.ok(hosts.length > 0);
    assert.equal(client.state, State.Running);
  } finally {
    await client.dispose();
  }
});

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error('timed out waiting');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
