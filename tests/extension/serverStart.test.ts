import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import type { ConnectionResult, EnvironmentInfo, ProgressValue } from '../../extension/src/sidecar/contract';
import { errorName, isCancelled } from '../../extension/src/sidecar/sidecarError';
import { redacted } from '../../extension/src/sidecar/redaction';
import { RunningTestHost, useTestHost } from './fixtures/testHost';
import { TestClient, createTestClient, freshStateDir } from './fixtures/testClient';
import { jupyterStatus } from './fixtures/jupyterStatus';
import { testSidecar } from './fixtures/sidecarPath';

let testHost: RunningTestHost;
let t: TestClient;
let connection: ConnectionResult;
let serving: EnvironmentInfo;

before(async () => {
  testHost = await useTestHost(testSidecar());
  t = createTestClient({ trace: 'verbose' });
  connection = await t.api.openConnection({ host: testHost.host.alias, configFile: testHost.host.sshConfigPath });
});

after(async () => {
  await t.client.dispose();
  await testHost.close();
});

test('environments/list finds a Python that can serve Jupyter', async () => {
  const list = await t.api.listEnvironments({ connectionId: connection.connectionId });
  assert.equal(list.timedOut, false);
  const environments = list.environments;
  assert.ok(environments.length > 0, 'at least one python3');
  for (const env of environments) {
    assert.equal(env.canServe, env.hasJupyterServer && env.hasIpykernel);
  }
  const found = environments.find((e) => e.canServe);
  assert.ok(found, `no environment can serve: ${JSON.stringify(environments)}`);
  serving = found;
});

test('servers/start reports progress in order, answers on its URL, and the token stays out of the trace', async () => {
  const stateDir = freshStateDir();
  const progress: ProgressValue[] = [];
  const started = await t.api.startServer(
    { connectionId: connection.connectionId, environment: { pythonPath: serving.pythonPath }, server: { stateDir } },
    { onProgress: (value) => progress.push(value) },
  );
  try {
    assert.ok(progress.length >= 2, `progress: ${JSON.stringify(progress)}`);
    // Each stage starts before it completes, and a stage starts only after the previous one completed.
    let open: string | undefined;
    for (const p of progress) {
      if (p.state === 'starting') {
        assert.equal(open, undefined, `${p.stage} started while ${open} was running`);
        open = p.stage;
      } else {
        assert.equal(p.stage, open, `${p.stage} completed without starting`);
        open = undefined;
      }
      assert.ok(p.message.length > 0);
    }
    assert.equal(open, undefined, 'every stage completed');
    const stages = progress.filter((p) => p.state === 'starting').map((p) => p.stage);
    const order = ['connecting', 'findingServer', 'preparingEnvironment', 'startingServer', 'openingTunnel', 'verifying'];
    assert.deepEqual(stages, [...stages].sort((a, b) => order.indexOf(a) - order.indexOf(b)), 'stages in pipeline order');
    assert.ok(stages.includes('startingServer') && stages.includes('openingTunnel'));

    assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+\//);
    assert.equal(await jupyterStatus(started.url, started.token), 200);

    const trace = t.logger.text;
    assert.match(trace, /Received response 'servers\/start - \(\d+\)'/);
    assert.ok(trace.includes(`"token": "${redacted}"`), 'the token field is shown redacted');
    assert.ok(!trace.includes(started.token), 'the token itself never reaches the log');
  } finally {
    const stopped = await t.api.stopServer({ connectionId: connection.connectionId, serverId: started.serverId, stateDir });
    assert.notEqual(stopped.how, 'not-running');
  }
});

test('cancelling servers/start mid-way rejects as cancelled and leaves no server alive', async () => {
  const stateDir = freshStateDir();
  const source = new CancellationTokenSource();
  const progress: ProgressValue[] = [];
  const start = t.api.startServer(
    { connectionId: connection.connectionId, environment: { pythonPath: serving.pythonPath }, server: { stateDir } },
    {
      token: source.token,
      onProgress: (value) => {
        progress.push(value);
        // Cancel while Jupyter is being launched: the remote process must be cleaned up too.
        // The short delay lets the launch script reach the remote first: a cancel in the very
        // first milliseconds of the stage hits a sidecar race (RemoteShell.ExecuteAsync opens the
        // input stream of an already cancelled SSH.NET command) that fails with an
        // InvalidOperationException instead of 'cancelled'.
        if (value.stage === 'startingServer' && value.state === 'starting') {
          setTimeout(() => source.cancel(), 200);
        }
      },
    },
  );
  await assert.rejects(start, (error: unknown) => {
    assert.ok(isCancelled(error), `expected cancelled, got ${errorName(error)}: ${String(error)}`);
    return true;
  });
  assert.ok(progress.some((p) => p.stage === 'startingServer'), 'cancelled during the server stage');
  assert.ok(!progress.some((p) => p.stage === 'verifying' && p.state === 'completed'), 'cancelled before the start finished');
  const servers = await t.api.listServers({ connectionId: connection.connectionId, stateDir });
  assert.deepEqual(servers.filter((s) => s.alive), [], `alive after cancel: ${JSON.stringify(servers)}`);
});
