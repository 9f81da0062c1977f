import { spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { testSidecar } from './fixtures/sidecarPath';
import { cleanUpStateDirs } from './fixtures/stateDirCleanup';
import { runIdVariable } from './fixtures/testClient';
import { sharedHostVariable, startTestHost } from './fixtures/testHost';

/**
 * Runs every *.test.js beside this file with node's test runner, sharing one throwaway sshd
 * (started here, once) through an environment variable. Prints node's TAP summary (# pass / # fail).
 */
async function main(): Promise<number> {
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => process.argv.length <= 2 || process.argv.slice(2).some((a) => f.includes(a)))
    .map((f) => path.join(__dirname, f));
  const runId = crypto.randomBytes(3).toString('hex');
  const testHost = await startTestHost(testSidecar());
  try {
    const child = spawn(process.execPath, ['--test', '--test-reporter=tap', ...files], {
      stdio: 'inherit',
      env: { ...process.env, [sharedHostVariable]: JSON.stringify(testHost.host), [runIdVariable]: runId },
    });
    return await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  } finally {
    cleanUpStateDirs(testHost.host.userHome, runId);
    await testHost.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    // Keep the closing line readable for CI even when the fixture itself failed.
    console.log('# pass 0\n# fail 1');
    process.exit(1);
  },
);
