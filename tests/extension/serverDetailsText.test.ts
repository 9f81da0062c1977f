import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StartedServer } from '../../extension/src/sessions/startedServer';
import type { ServerInfo } from '../../extension/src/sidecar/contract';
import { formatMemory, formatUptime, serverDescription } from '../../extension/src/ui/serverDetailsText';
import { startMessage, startWarnings } from '../../extension/src/ui/startMessages';

const info: ServerInfo = { serverId: 'abc', pid: 42, remotePort: 8888, python: '/usr/bin/python3', workingDirectory: '/home/me', startedAt: '2026-01-01T00:00:00Z', alive: true };

test('uptime and memory read at a glance', () => {
  assert.deepEqual([5, 125, 3 * 3600 + 5 * 60, 2 * 86_400 + 4 * 3600].map(formatUptime), ['5s', '2m', '3h 5m', '2d 4h']);
  assert.equal(formatMemory(123 * 1024 * 1024), '123 MiB');
  assert.equal(formatMemory(12.5 * 1024 * 1024 * 1024), '12.5 GiB');
});

test('the description says what it knows: kernels and memory only when measured, a dead or silent server plainly', () => {
  assert.equal(serverDescription({ ...info, uptimeSeconds: 7200, kernels: 2, memoryBytes: 200 * 1024 * 1024, responding: true }), '2h 0m · 2 kernels · 200 MiB');
  assert.equal(serverDescription({ ...info, uptimeSeconds: 30, responding: false }), '30s · not responding');
  assert.equal(serverDescription({ ...info, alive: false }), 'not running');
});

test('a reattached start says so; each distinct warning is shown once', () => {
  const started: StartedServer = {
    id: 'h|abc', alias: 'h', host: 'h', serverId: 'abc', environment: 'torch', python: '/p', pythonVersion: '3.12', state: 'connected', reused: true,
    warnings: ['host kills processes at logout', 'host kills processes at logout'],
  };
  assert.match(startMessage(started), /^Reattached to your running Jupyter server h · torch \(abc\): its kernels and variables are kept\.$/);
  assert.match(startMessage({ ...started, reused: false }), /^Started a Jupyter server h · torch/);
  assert.deepEqual(startWarnings(started), ['h: host kills processes at logout']);
});
