import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { errorName } from '../../extension/src/sidecar/sidecarError';
import { RunningTestHost, startTestHost } from './fixtures/testHost';
import { createTestClient } from './fixtures/testClient';
import { testSidecar } from './fixtures/sidecarPath';

// Its own sshd: this one hands out an ssh config whose known_hosts does not know the host.
let unknownHost: RunningTestHost;

before(async () => {
  unknownHost = await startTestHost(testSidecar(), { unknownHostKey: true });
});

after(async () => {
  await unknownHost.close();
});

test('an unknown host key is put to the person with its fingerprint; rejecting it fails with hostKeyNotTrusted', async () => {
  const { client, api, prompts } = createTestClient();
  try {
    prompts.hostKeyDecision = 'reject';
    await assert.rejects(
      api.openConnection({ host: unknownHost.host.alias, configFile: unknownHost.host.sshConfigPath }),
      (error: unknown) => {
        assert.equal(errorName(error), 'hostKeyNotTrusted');
        return true;
      },
    );
    assert.equal(prompts.hostKeyPrompts.length, 1);
    const prompt = prompts.hostKeyPrompts[0];
    assert.equal(prompt.fingerprint, unknownHost.host.hostKeyFingerprint);
    assert.match(prompt.host, /127\.0\.0\.1/);
    assert.ok(prompt.keyType.length > 0);
  } finally {
    await client.dispose();
  }
});

test('accepting an unknown host key once connects', async () => {
  const { client, api, prompts } = createTestClient();
  try {
    prompts.hostKeyDecision = 'acceptOnce';
    const connection = await api.openConnection({ host: unknownHost.host.alias, configFile: unknownHost.host.sshConfigPath });
    assert.equal(connection.user, unknownHost.host.userName);
    assert.equal(prompts.hostKeyPrompts.length, 1);
    assert.equal(prompts.hostKeyPrompts[0].fingerprint, unknownHost.host.hostKeyFingerprint);
  } finally {
    await client.dispose();
  }
});
