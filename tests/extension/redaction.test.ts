import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from 'vscode-jsonrpc';
import { MessageTracer } from '../../extension/src/sidecar/messageTracer';
import { redact, redacted, redactText } from '../../extension/src/sidecar/redaction';
import { StderrLog } from '../../extension/src/sidecar/stderrLog';
import { RecordingLogger } from './fixtures/recordingLogger';

const secret = 'f3a9c2e1d4b5a6978877665544332211';

test('redact replaces token-like fields at any depth and tokens inside URLs', () => {
  const copy = redact({ serverId: 'a1', token: secret, nested: [{ password: 'pw', url: `http://127.0.0.1:9/?token=${secret}&x=1` }] });
  assert.deepEqual(copy, { serverId: 'a1', token: redacted, nested: [{ password: redacted, url: `http://127.0.0.1:9/?token=${redacted}&x=1` }] });
  assert.equal(redactText('no secret here'), 'no secret here');
});

test('every value of a headers map is a secret (cookie, xsrf, authorization), the names stay readable', () => {
  const copy = redact({ sourceId: 'u1', headers: { Cookie: `session=${secret}`, 'X-XSRFToken': secret, Authorization: `token ${secret}` } });
  assert.deepEqual(copy, { sourceId: 'u1', headers: { Cookie: redacted, 'X-XSRFToken': redacted, Authorization: redacted } });
});

test('a numeric progress token is not a secret and stays readable', () => {
  assert.deepEqual(redact({ token: 7, value: { stage: 'connecting' } }), { token: 7, value: { stage: 'connecting' } });
});

test('the tracer writes method names at "messages" and redacted contents at "verbose"', () => {
  const logger = new RecordingLogger();
  const tracer = new MessageTracer(logger, 'messages');
  const request = { jsonrpc: '2.0', id: 1, method: 'servers/attach', params: { serverId: 's', token: secret } } as Message;
  tracer.trace('send', request);
  assert.match(logger.text, /Sending request 'servers\/attach - \(1\)'/);
  assert.ok(!logger.text.includes('Params'));

  tracer.level = 'verbose';
  tracer.trace('send', { ...request, id: 2 } as Message);
  tracer.trace('receive', { jsonrpc: '2.0', id: 2, result: { url: 'http://127.0.0.1:5/', token: secret } } as Message);
  assert.match(logger.text, /Received response 'servers\/attach - \(2\)' in \d+ms/);
  assert.ok(logger.text.includes(`"token": "${redacted}"`));
  assert.ok(!logger.text.includes(secret));
});

test("the tracer never shows our answer to prompt/secret", () => {
  const logger = new RecordingLogger();
  const tracer = new MessageTracer(logger, 'verbose');
  tracer.trace('receive', { jsonrpc: '2.0', id: 0, method: 'prompt/secret', params: { kind: 'password', prompt: 'Password:', attempt: 1 } } as Message);
  tracer.trace('send', { jsonrpc: '2.0', id: 0, result: { value: 'hunter2' } } as Message);
  assert.match(logger.text, /Sending response 'prompt\/secret - \(0\)'/);
  assert.ok(!logger.text.includes('hunter2'));
});

test('the tracer is silent when off', () => {
  const logger = new RecordingLogger();
  new MessageTracer(logger, 'off').trace('send', { jsonrpc: '2.0', method: 'x' } as Message);
  assert.equal(logger.lines.length, 0);
});

test('sidecar stderr keeps its levels; continuation lines keep the level above', () => {
  const logger = new RecordingLogger();
  const stderr = new StderrLog(logger);
  stderr.write('07:00:51.958 warn: RemoteJupyter.X[1] careful');
  stderr.write('   at Some.Stack()');
  stderr.write('07:00:52.000 dbug: RemoteJupyter.Y[2] detail');
  assert.deepEqual(logger.lines, ['warn: [sidecar] RemoteJupyter.X[1] careful', 'warn: [sidecar]    at Some.Stack()', 'debug: [sidecar] RemoteJupyter.Y[2] detail']);
});
