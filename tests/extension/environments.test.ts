import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { suggestedKernelName } from '../../extension/src/sessions/kernelNames';
import { ServerSessions } from '../../extension/src/sessions/serverSessions';
import { MemoryServerRecordStore, MemoryTokenStore } from '../../extension/src/sessions/serverStores';
import type { ProgressValue } from '../../extension/src/sidecar/contract';
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

test('kernel names suggested from environment paths are valid kernel names', () => {
  assert.equal(suggestedKernelName('~/venvs/torch'), 'torch');
  assert.equal(suggestedKernelName('/opt/envs/my env (gpu)/'), 'my-env-gpu-');
  assert.equal(suggestedKernelName('~/.venv'), 'venv');
  assert.equal(suggestedKernelName('/'), 'python-env');
});

test('an environment is created with streamed progress, shows up with its kernel, and is deleted with it', async () => {
  const { client, api, logger } = createTestClient();
  const sessions = new ServerSessions({ api, records: new MemoryServerRecordStore(), tokens: new MemoryTokenStore(), logger });
  const id = Math.random().toString(16).slice(2, 10);
  // ~/venvs is one of the places discovery looks.
  const path = `~/venvs/rj-ext-env-${id}`;
  const kernelName = `rj-ext-${id}`;
  try {
    const connection = await sessions.connections.connect(testHost.host.alias, { configFile: testHost.host.sshConfigPath });
    const progress: ProgressValue[] = [];
    const created = await sessions.createEnvironment(
      connection,
      { kind: 'venv', path, systemSitePackages: true, kernelName },
      { onProgress: (value) => progress.push(value) },
    );
    assert.equal(created.kernel?.name, kernelName);
    assert.equal(created.kernel?.pythonPath, `${created.path}/bin/python`);
    assert.ok(progress.some((p) => p.stage === 'creatingEnvironment' && p.state === 'step' && p.message.includes('-m venv')), JSON.stringify(progress));
    assert.equal(progress[progress.length - 1].state, 'completed');

    const listed = await sessions.listEnvironments(connection);
    const found = listed.find((e) => e.path === created.path);
    assert.ok(found, `not listed: ${JSON.stringify(listed.map((e) => e.path))}`);
    assert.equal(found.kind, 'venv');
    assert.equal(found.kernelName, kernelName);
    assert.equal(found.systemSitePackages, true);

    const deleted = await sessions.deleteEnvironment(connection, created.path);
    assert.equal(deleted.removedKernels.length, 1);
    const after = await sessions.listEnvironments(connection);
    assert.equal(after.find((e) => e.path === created.path), undefined);
  } finally {
    await api.deleteEnvironment({ connectionId: sessions.connections.list()[0]?.connectionId ?? '', path }).catch(() => undefined);
    sessions.dispose();
    await client.dispose();
  }
});
