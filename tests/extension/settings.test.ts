import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultVenvPath, presetEnvironment, readSettings } from '../../extension/src/settings/remoteJupyterSettings';

const from = (values: Record<string, unknown>) => ({ get: <T>(key: string) => values[key] as T | undefined });

test('defaults: no ssh config override, the default venv, info logging, no trace, sidecar defaults for the server', () => {
  const settings = readSettings(from({}), '/home/me');
  assert.equal(settings.sshConfigFile, undefined);
  assert.equal(settings.venvPath, defaultVenvPath);
  assert.equal(settings.systemSitePackages, true);
  assert.equal(settings.logLevel, 'info');
  assert.equal(settings.trace, 'off');
  assert.deepEqual(settings.environmentRoots, []);
  assert.deepEqual(JSON.parse(JSON.stringify(settings.server)), {});
});

test('every server setting maps onto ServerParams', () => {
  const settings = readSettings(
    from({
      'sshConfigFile': '~/work/ssh_config',
      'defaultEnvironment.venvPath': '~/venvs/torch',
      'defaultEnvironment.systemSitePackages': false,
      'server.extraArgs': ['--ServerApp.iopub_data_rate_limit=1e10'],
      'server.idleShutdownMinutes': 30,
      'server.niceLevel': 10,
      'server.memoryLimitMb': 4096,
      'server.startTimeoutSeconds': 90,
      'server.reuseRunningServer': false,
      'server.persistence': 'tmux',
      'logLevel': 'trace',
      'trace.server': 'verbose',
      'environmentRoots': ['~/projects/a', '', 42, '/srv/b'],
    }),
    '/home/me',
  );
  assert.equal(settings.sshConfigFile, '/home/me/work/ssh_config', 'a local path: ~ expanded here');
  assert.equal(settings.venvPath, '~/venvs/torch', 'a remote path: ~ left to the host');
  assert.equal(settings.systemSitePackages, false);
  assert.deepEqual(settings.server, {
    extraArgs: ['--ServerApp.iopub_data_rate_limit=1e10'],
    idleShutdownMinutes: 30,
    niceLevel: 10,
    memoryLimitMb: 4096,
    startTimeoutSeconds: 90,
    reuse: false,
    persistence: 'tmux',
  });
  assert.equal(settings.logLevel, 'trace');
  assert.equal(settings.trace, 'verbose');
  assert.deepEqual(settings.environmentRoots, ['~/projects/a', '/srv/b'], 'remote paths, ~ kept; non-strings and blanks dropped');
});

test('zero, null and out-of-range values mean "use the sidecar default"', () => {
  const settings = readSettings(from({ 'server.idleShutdownMinutes': 0, 'server.niceLevel': 42, 'server.memoryLimitMb': null, 'server.extraArgs': [], 'logLevel': 'loud', 'server.reuseRunningServer': true, 'server.persistence': 'screen' }));
  assert.deepEqual(JSON.parse(JSON.stringify(settings.server)), {});
  assert.equal(settings.logLevel, 'info');
});

test('defaultEnvironment.kind: ask shows the picker, venv and system fix the environment in advance', () => {
  assert.equal(readSettings(from({}), '/home/me').environmentKind, 'ask');
  assert.equal(presetEnvironment(readSettings(from({}), '/home/me')), undefined);
  assert.equal(readSettings(from({ 'defaultEnvironment.kind': 'bogus' }), '/home/me').environmentKind, 'ask');

  const venv = presetEnvironment(readSettings(from({ 'defaultEnvironment.kind': 'venv', 'defaultEnvironment.venvPath': '~/venvs/torch/' }), '/home/me'));
  assert.deepEqual(venv, { params: { venvPath: '~/venvs/torch/', systemSitePackages: true }, label: 'torch' });

  const system = presetEnvironment(readSettings(from({ 'defaultEnvironment.kind': 'system' }), '/home/me'));
  assert.deepEqual(system, { params: {}, label: 'system Python' });
});
