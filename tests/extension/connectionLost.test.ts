import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ServerSessions } from '../../extension/src/sessions/serverSessions';
import { MemoryServerRecordStore, MemoryTokenStore } from '../../extension/src/sessions/serverStores';
import type { ServerState } from '../../extension/src/sessions/connectedServer';
import { RunningTestHost, useTestHost } from './fixtures/testHost';
import { createTestClient, freshStateDir } from './fixtures/testClient';
import { jupyterStatus } from './fixtures/jupyterStatus';
import { cutSshSession } from './fixtures/sshSessionCutter';
import { testSidecar } from './fixtures/sidecarPath';

let testHost: RunningTestHost;

before(async () => {
  testHost = await useTestHost(testSidecar());
});

after(async () => {
  await testHost.close();
});

test('a dropped SSH connection shows reconnecting, then connected, on the same connection and URL', { skip: process.getuid?.() !== 0 && 'needs root to find the sshd session' }, async () => {
  const { client, api, logger } = createTestClient();
  const tokens = new MemoryTokenStore();
  const sessions = new ServerSessions({ api, records: new MemoryServerRecordStore(), tokens, logger });
  const stateDir = freshStateDir();
  let id: string | undefined;
  try {
    const connection = await sessions.connections.connect(testHost.host.alias, { configFile: testHost.host.sshConfigPath });
    const python = (await sessions.listEnvironments(connection)).find((e) => e.canServe)?.pythonPath;
    assert.ok(python);
    const started = await sessions.start(connection, { environment: { pythonPath: python }, environmentLabel: 'system', server: { stateDir } });
    id = started.id;
    const states: ServerState[] = [started.state];
    sessions.onDidChange(() => {
      const state = sessions.get(started.id)?.state;
      if (state && state !== states[states.length - 1]) {
        states.push(state);
      }
    });
    const back = new Promise<void>((resolve) =>
      sessions.onDidChange(() => {
        if (states.includes('reconnecting') && sessions.get(started.id)?.state === 'connected') {
          resolve();
        }
      }),
    );

    assert.ok(cutSshSession(client.pid!, testHost.host.port).length > 0);
    await back;

    // The sidecar remade the SSH connection itself: no 'lost', no new connection id, the same tunnel URL.
    assert.deepEqual(states, ['connected', 'reconnecting', 'connected'], `states: ${states.join(' → ')}`);
    const after = sessions.get(started.id)!;
    assert.equal(after.connectionId, started.connectionId);
    assert.equal(after.url, started.url);
    assert.equal(after.message, undefined);
    assert.equal(await jupyterStatus(after.url!, (await tokens.get(started.id))!), 200);
  } finally {
    if (id) {
      await sessions.stop(id);
    }
    sessions.dispose();
    await client.dispose();
  }
});

test('a connection id the sidecar no longer knows is replaced by a fresh connection for logs and stop', async () => {
  const { client, api, logger } = createTestClient();
  const sessions = new ServerSessions({ api, records: new MemoryServerRecordStore(), tokens: new MemoryTokenStore(), logger });
  const stateDir = freshStateDir();
  let id: string | undefined;
  try {
    const connection = await sessions.connections.connect(testHost.host.alias, { configFile: testHost.host.sshConfigPath });
    const python = (await sessions.listEnvironments(connection)).find((e) => e.canServe)?.pythonPath;
    assert.ok(python);
    id = (await sessions.start(connection, { environment: { pythonPath: python }, environmentLabel: 'system', server: { stateDir } })).id;

    // Closed behind the sessions' back: the next request meets unknownId.
    await api.closeConnection({ connectionId: connection.connectionId });
    const log = await sessions.logs(id, 20);
    assert.ok(log.logPath.length > 0);
    assert.notEqual(sessions.connections.list()[0]?.connectionId, connection.connectionId);

    const stopped = await sessions.stop(id);
    id = undefined;
    assert.notEqual(stopped.how, 'not-running');
    assert.equal(sessions.list().length, 0);
  } finally {
    if (id) {
      await sessions.stop(id).catch(() => undefined);
    }
    sessions.dispose();
    await client.dispose();
  }
});
