import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type * as vscode from 'vscode';
import type { ProgressValue } from '../../extension/src/sidecar/contract';
import { errorName } from '../../extension/src/sidecar/sidecarError';
import { HubSources } from '../../extension/src/sources/hubSources';
import { SourceRecordStore } from '../../extension/src/sources/sourceRecords';
import { SourceSecrets } from '../../extension/src/sources/sourceSecrets';
import { SourceServers, hubServerId, urlServerId } from '../../extension/src/sources/sourceServers';
import { UrlSources } from '../../extension/src/sources/urlSources';
import { LocalServer, startHub, startPasswordJupyter } from './fixtures/localServers';
import { MemoryMemento, MemorySecrets } from './fixtures/memoryStores';
import { TestClient, createTestClient } from './fixtures/testClient';
import { RunningTestHost, useTestHost } from './fixtures/testHost';
import { testSidecar } from './fixtures/sidecarPath';

let jupyter: LocalServer;
let tlsJupyter: LocalServer;
let hub: LocalServer;
let testHost: RunningTestHost;
let t: TestClient;
let secrets: MemorySecrets;
let sources: SourceServers;
const user = 'ada';

before(async () => {
  [jupyter, tlsJupyter, hub, testHost] = await Promise.all([startPasswordJupyter(), startPasswordJupyter({ tls: true }), startHub(), useTestHost(testSidecar())]);
  t = createTestClient({ trace: 'verbose' });
  secrets = new MemorySecrets();
  const records = new SourceRecordStore(new MemoryMemento());
  const stored = new SourceSecrets(secrets as unknown as vscode.SecretStorage);
  sources = new SourceServers(new UrlSources(t.api, records, stored), new HubSources(t.api, records, stored));
});

after(async () => {
  await t?.client.dispose();
  await Promise.all([jupyter?.close(), tlsJupyter?.close(), hub?.close(), testHost?.close()]);
});

/** GET <base>api/kernelspecs with exactly what the Jupyter extension would send. */
async function kernelspecs(baseUrl: string, token?: string, headers?: Record<string, string>): Promise<string[]> {
  const response = await fetch(new URL('api/kernelspecs', baseUrl), {
    headers: { ...(headers ?? {}), ...(token ? { Authorization: `token ${token}` } : {}) },
    signal: AbortSignal.timeout(10_000),
  });
  assert.equal(response.status, 200, `GET api/kernelspecs: ${response.status}`);
  return Object.keys(((await response.json()) as { kernelspecs: Record<string, unknown> }).kernelspecs);
}

test('a password server by URL: listed for Jupyter, resolved to headers that work, password kept only as a secret', async () => {
  const added = await sources.urls.add(jupyter.url, 'password', jupyter.password);
  assert.equal(added.url, jupyter.url);
  const listed = sources.list().find((s) => s.id === urlServerId(added.id));
  assert.ok(listed, `not listed: ${JSON.stringify(sources.list())}`);
  assert.equal(listed.kind, 'url');

  const connection = await sources.resolve(listed.id);
  assert.equal(connection.token, undefined);
  assert.ok(connection.headers?.Cookie, 'a session cookie');
  assert.ok(connection.headers?.['X-XSRFToken'], 'the xsrf header');
  assert.ok((await kernelspecs(connection.baseUrl, undefined, connection.headers)).includes('python3'));
  assert.deepEqual([...secrets.all.values()], [jupyter.password]);

  const kernels = await sources.urls.kernels(added.id);
  assert.ok(kernels.some((k) => k.name === 'python3' && k.displayName.length > 0), JSON.stringify(kernels));
});

test('after a sidecar restart the URL source is reached again from the kept password', async () => {
  const [source] = sources.urls.list();
  await t.client.restart();
  const connection = await sources.resolve(urlServerId(source.id));
  assert.ok((await kernelspecs(connection.baseUrl, undefined, connection.headers)).length > 0);
});

test('a wrong password is refused with serverLoginFailed, and nothing is remembered', async () => {
  const before = sources.urls.list().length;
  await assert.rejects(sources.urls.add(jupyter.url.replace('127.0.0.1', 'localhost'), 'password', 'not-the-password'), (error: unknown) => {
    assert.equal(errorName(error), 'serverLoginFailed');
    return true;
  });
  assert.equal(sources.urls.list().length, before);
});

test('a URL as an SSH host sees it is reached through a tunnel on that host, again after a sidecar restart', async () => {
  const { alias, sshConfigPath } = testHost.host;
  const opened: string[] = [];
  const urls = new UrlSources(t.api, new SourceRecordStore(new MemoryMemento()), new SourceSecrets(new MemorySecrets() as unknown as vscode.SecretStorage), async (via) => {
    opened.push(via.host);
    return (await t.api.openConnection({ host: via.host, configFile: via.configFile })).connectionId;
  });
  const added = await urls.add(jupyter.url, 'password', jupyter.password, undefined, { host: alias, alias, configFile: sshConfigPath });
  assert.deepEqual(added.via, { host: alias, alias, configFile: sshConfigPath });
  assert.notEqual(added.localUrl, jupyter.url, 'served on the local end of an SSH tunnel');
  let connection = await urls.connection(added.id);
  assert.ok((await kernelspecs(connection.baseUrl, undefined, connection.headers)).includes('python3'));

  await t.client.restart();
  connection = await urls.connection(added.id);
  assert.ok((await kernelspecs(connection.baseUrl, undefined, connection.headers)).includes('python3'));
  assert.deepEqual(opened, [alias, alias]);
  await urls.remove(added.id);
});

test('a self-signed https server: prompt/certificate once, pinned, then served through our local relay', async () => {
  const pinFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rj-ext-pins-')), 'known_certificates');
  t.prompts.acceptCertificate = true;
  const first = await t.api.addUrlSource({ url: tlsJupyter.url, password: tlsJupyter.password, pinFile });
  assert.equal(t.prompts.certificatePrompts.length, 1);
  const prompt = t.prompts.certificatePrompts[0];
  assert.equal(prompt.port, Number(new URL(tlsJupyter.url).port));
  assert.match(prompt.fingerprint, /^SHA256:/);
  assert.equal(prompt.fingerprint, first.certificateFingerprint);
  assert.match(first.localUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.ok((await kernelspecs(first.localUrl, undefined, first.headers)).includes('python3'));
  assert.ok(fs.readFileSync(pinFile, 'utf8').includes(prompt.fingerprint));

  // Pinned: no second question, even when the person would now say no.
  t.prompts.acceptCertificate = false;
  const second = await t.api.addUrlSource({ url: tlsJupyter.url, password: tlsJupyter.password, pinFile });
  assert.equal(t.prompts.certificatePrompts.length, 1);
  await Promise.all([t.api.removeSource({ sourceId: first.sourceId }), t.api.removeSource({ sourceId: second.sourceId })]);
  fs.rmSync(path.dirname(pinFile), { recursive: true, force: true });
});

test('a declined certificate is refused with certificateNotTrusted', async () => {
  const pinFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rj-ext-pins-')), 'known_certificates');
  t.prompts.acceptCertificate = false;
  await assert.rejects(t.api.addUrlSource({ url: tlsJupyter.url, password: tlsJupyter.password, pinFile }), (error: unknown) => errorName(error) === 'certificateNotTrusted');
  assert.ok(!fs.existsSync(pinFile) || !fs.readFileSync(pinFile, 'utf8').includes('SHA256:'));
  fs.rmSync(path.dirname(pinFile), { recursive: true, force: true });
});

test('JupyterHub: password → token, a default server spawned with progress, its kernels reachable with the token, then stopped', async () => {
  const record = await sources.hubs.login(hub.url, user, { password: hub.password });
  assert.equal(record.user, user);
  assert.ok(record.expiresAt, 'a password login asks for a token that expires');
  const token = await secrets.get(`remoteJupyter.source.${record.id}`);
  assert.ok(token && token !== hub.password);

  const progress: ProgressValue[] = [];
  const server = await sources.hubs.start(record.id, '', { onProgress: (p) => progress.push(p) });
  assert.equal(server.ready, true);
  assert.ok(progress.length > 0 && progress.every((p) => p.stage === 'spawning'), JSON.stringify(progress));
  assert.match(server.url, new RegExp(`/user/${user}/$`));

  const id = hubServerId(record.id, '');
  assert.ok(sources.list().some((s) => s.id === id && s.kind === 'hub'), JSON.stringify(sources.list()));
  const connection = await sources.resolve(id);
  assert.equal(connection.token, token);
  assert.equal(connection.headers, undefined);
  assert.ok((await kernelspecs(connection.baseUrl, connection.token)).length > 0);
  assert.ok((await sources.hubs.kernels(record.id, '')).length > 0);

  await sources.hubs.stop(record.id, '', false);
  assert.ok(!sources.list().some((s) => s.id === id), 'a stopped server leaves the Jupyter list');
});

test('JupyterHub: a named server is created, listed under its name, and deleted', async () => {
  const [record] = sources.hubs.list();
  const server = await sources.hubs.start(record.id, 'project-a');
  assert.match(server.url, new RegExp(`/user/${user}/project-a/$`));
  assert.ok((await sources.hubs.refresh(record.id)).some((s) => s.name === 'project-a' && s.ready));
  await sources.hubs.stop(record.id, 'project-a', true);
  assert.ok(!(await sources.hubs.refresh(record.id)).some((s) => s.name === 'project-a'));
});

test('JupyterHub: past half its life the token is renewed before use, replaces the stored one, and the old one is revoked', async () => {
  let now = Date.now();
  const records = new SourceRecordStore(new MemoryMemento());
  const kept = new MemorySecrets();
  const hubs = new HubSources(t.api, records, new SourceSecrets(kept as unknown as vscode.SecretStorage), () => now);
  const record = await hubs.login(hub.url, user, { password: hub.password });
  const first = [...kept.all.values()][0];
  now += 20 * 24 * 3600 * 1000;
  await hubs.refresh(record.id);
  const second = [...kept.all.values()][0];
  assert.notEqual(second, first, 'a new token');
  const renewed = hubs.get(record.id)!;
  assert.ok(Date.parse(renewed.expiresAt!) > Date.parse(record.expiresAt!), `${renewed.expiresAt} after ${record.expiresAt}`);
  // The replaced token is revoked (the test hub is 3.0, which does not name a token: the kept id does it).
  assert.ok(record.tokenId && renewed.tokenId && renewed.tokenId !== record.tokenId, `${record.tokenId} → ${renewed.tokenId}`);
  await assert.rejects(t.api.hubTokenInfo({ hubUrl: hub.url, token: first }), (error: unknown) => errorName(error) === 'hubTokenRejected');
  assert.equal((await t.api.hubTokenInfo({ hubUrl: hub.url, token: second })).user, user);
  // Within half its life again: no renewal.
  await hubs.refresh(record.id);
  assert.equal([...kept.all.values()][0], second);
});

test('JupyterHub: a wrong password is refused, a pasted token of someone else is refused', async () => {
  await assert.rejects(sources.hubs.login(hub.url, user, { password: 'wrong' }), (error: unknown) => errorName(error) === 'serverLoginFailed');
  const other = await t.api.hubLogin({ hubUrl: hub.url, user: 'grace', password: hub.password });
  await assert.rejects(sources.hubs.login(hub.url, user, { token: other.token }), /belongs to grace/);
});

test('no password, token, cookie or xsrf value reaches the log or the RPC trace', async () => {
  const values = [jupyter.password, tlsJupyter.password, hub.password, ...secrets.all.values()];
  for (const source of sources.list()) {
    const connection = await sources.resolve(source.id).catch(() => undefined);
    // Cookie values (not their names) and the xsrf value.
    const headers = connection?.headers ?? {};
    values.push(...(headers.Cookie ?? '').split(';').map((c) => c.slice(c.indexOf('=') + 1).trim()).filter((v) => v.length >= 8));
    if (headers['X-XSRFToken']) {
      values.push(headers['X-XSRFToken']);
    }
  }
  const log = t.logger.text;
  assert.ok(log.includes('sources/add') && log.includes('hub/start'), 'the trace covers the requests');
  for (const value of values) {
    assert.ok(!log.includes(value), `a secret of length ${value.length} is in the log`);
  }
});
