import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { State } from '../../extension/src/sidecar/clientState';
import { SidecarApi } from '../../extension/src/sidecar/sidecarApi';
import { SidecarClient } from '../../extension/src/sidecar/sidecarClient';
import { stdioExecutable } from '../../extension/src/sidecar/sidecarExecutable';
import { RecordingLogger } from './fixtures/recordingLogger';
import { ScriptedPrompts } from './fixtures/scriptedPrompts';
import { RunningTestHost, useTestHost } from './fixtures/testHost';
import { createTestClient } from './fixtures/testClient';
import { testSidecar } from './fixtures/sidecarPath';

let testHost: RunningTestHost;

before(async () => {
  testHost = await useTestHost(testSidecar());
});

after(async () => {
  await testHost.close();
});

test('the sidecar starts on the first request and lists the hosts of the ssh config', async () => {
  const { client, api } = createTestClient();
  const states: State[] = [];
  client.onDidChangeState((e) => states.push(e.newState));
  try {
    assert.equal(client.state, State.Stopped, 'nothing runs before first use');
    const hosts = await api.listHosts({ configFile: testHost.host.sshConfigPath });
    assert.deepEqual(states, [State.Starting, State.Running]);
    assert.equal(client.serverInfo?.serverName, 'remote-jupyter');
    const entry = hosts.find((h) => h.alias === testHost.host.alias);
    assert.ok(entry, `hosts/list lacks ${testHost.host.alias}: ${JSON.stringify(hosts)}`);
    assert.equal(entry.port, testHost.host.port);
    assert.equal(entry.user, testHost.host.userName);
  } finally {
    await client.dispose();
  }
});

test('stop() sends shutdown and the process exits', async () => {
  const { client, api } = createTestClient();
  try {
    await api.listHosts({ configFile: testHost.host.sshConfigPath });
    const pid = client.pid;
    assert.ok(pid);
    const started = Date.now();
    await client.stop();
    assert.equal(client.state, State.Stopped);
    assert.ok(Date.now() - started < 2500, 'a sidecar that answers shutdown exits without being killed');
    assert.throws(() => process.kill(pid, 0), 'the process is gone');
  } finally {
    await client.dispose();
  }
});

test('a connection to the test host opens with the known host key', async () => {
  const { client, api, prompts } = createTestClient();
  try {
    const connection = await api.openConnection({ host: testHost.host.alias, configFile: testHost.host.sshConfigPath });
    assert.equal(connection.user, testHost.host.userName);
    assert.equal(connection.port, testHost.host.port);
    assert.equal(prompts.hostKeyPrompts.length, 0, 'a key in known_hosts is not asked about');
    await api.closeConnection({ connectionId: connection.connectionId });
  } finally {
    await client.dispose();
  }
});

test('stop() kills a sidecar that does not answer shutdown, 2 s after giving up on it', async () => {
  const { client, api } = createTestClient();
  try {
    await api.listHosts({ configFile: testHost.host.sshConfigPath });
    const pid = client.pid!;
    // A frozen process answers nothing, like one hung on shutdown.
    process.kill(pid, 'SIGSTOP');
    const started = Date.now();
    await client.stop(300);
    const elapsed = Date.now() - started;
    assert.equal(client.state, State.Stopped);
    assert.ok(elapsed >= 2000 && elapsed < 4000, `killed after ${elapsed} ms`);
    assert.throws(() => process.kill(pid, 0), 'the process is gone');
  } finally {
    await client.dispose();
  }
});

test('a missing sidecar executable fails the request with a message naming the path', async () => {
  const client = new SidecarClient({
    executable: stdioExecutable('/nonexistent/remote-jupyter'),
    clientName: 'tests',
    logger: new RecordingLogger(),
    prompts: new ScriptedPrompts(),
  });
  try {
    await assert.rejects(new SidecarApi(client).listHosts({}), /Could not start the Remote Jupyter sidecar \/nonexistent\/remote-jupyter/);
    assert.equal(client.state, State.Stopped);
  } finally {
    await client.dispose();
  }
});
