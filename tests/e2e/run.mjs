#!/usr/bin/env node
// End-to-end test of the Remote Jupyter extension in a real VS Code (code-server 4.100.3),
// driven by Debian's Chromium through playwright-core. See README.md beside this file.
//
// Env: REMOTE_JUPYTER_VSIX (default /work/main/remote-jupyter-linux-x64.vsix, i.e. <repo>/remote-jupyter-linux-x64.vsix),
//      REMOTE_JUPYTER_SIDECAR (default /tmp/rj-sidecar/remote-jupyter), CHROMIUM (default /usr/bin/chromium),
//      E2E_ARTIFACTS (failure screenshots and logs; default /tmp/rj-e2e-artifacts),
//      E2E_SCREENSHOTS (where the README pictures go; default <repo>/media), E2E_KEEP=1 keeps the temp dir,
//      E2E_EXTENSION_SIDECAR (make the extension use this sidecar instead of the one packaged in the .vsix),
//      E2E_BUDGET_MS (the watchdog; default 300000).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { runContainerSteps } from './lib/containerSteps.mjs';
import { runSlurmSteps } from './lib/slurmSteps.mjs';
import { closeSourceServers, runSourceSteps } from './lib/sourceSteps.mjs';
import { packVsix } from './lib/vsix.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const VSIX = process.env.REMOTE_JUPYTER_VSIX || path.join(REPO, 'remote-jupyter-linux-x64.vsix');
const SIDECAR = process.env.REMOTE_JUPYTER_SIDECAR || '/tmp/rj-sidecar/remote-jupyter';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = process.env.E2E_ARTIFACTS || '/tmp/rj-e2e-artifacts';
const SHOTS = process.env.E2E_SCREENSHOTS || path.join(REPO, 'media');
const CODE_SERVER = path.join(HERE, 'node_modules', '.bin', 'code-server');
const COLLECTION_ID = 'remote-jupyter-ssh';
const TOTAL_BUDGET_MS = Number(process.env.E2E_BUDGET_MS) || 300_000; // + at most 45 s of cleanup: the whole run stays under 6 minutes
const VIEWPORT = { width: 1280, height: 800 };

const t0 = Date.now();
const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1) + 's';
const log = (...a) => console.log(`[e2e ${elapsed()}]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- state
const results = []; // { name, ok, detail }
const started = { testHost: null, codeServer: null, browserServer: null };
let browser = null;
let page = null;
let host = null; // test-host JSON
let tmp = null;
let userDataDir = null;
let reportPath = null;
let codeServerLog = null;
let cleaningUp = false;
let firstFailureDumped = false;
let hostKeyDialogText = '';
let serversStopped = false;
let aborted = false; // set by the watchdog
let sourceServers = {}; // the password jupyter_server and the hub of sourceSteps.mjs

function record(name, ok, detail = '') {
  if (aborted) return; // a step still running when the watchdog fired
  results.push({ name, ok, detail });
  log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ' — ' + detail : ''}`);
}

/** Runs one test step with its own deadline; a failure is recorded, screenshotted, never thrown. */
async function step(name, timeoutMs, fn) {
  if (aborted) return new Promise(() => {}); // the watchdog owns the rest of the run
  let timer;
  try {
    const detail = await Promise.race([
      fn(),
      new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs); }),
    ]);
    record(name, true, typeof detail === 'string' ? detail : '');
    return true;
  } catch (e) {
    record(name, false, (e && e.message ? e.message : String(e)).split('\n')[0].slice(0, 400));
    await onFailure(name, e);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function blocked(name, because) {
  if (aborted) return;
  record(name, false, `not run: ${because} failed`);
}

// ---------------------------------------------------------------- helpers
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion (bounded); resolves { code, stdout, stderr }. */
function run(cmd, args, { timeoutMs = 60_000, env = process.env, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${path.basename(cmd)} ${args[0] || ''} timed out after ${timeoutMs / 1000} s`)); }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(input ?? '');
  });
}

async function waitFor(what, timeoutMs, probe, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs / 1000} s${last ? ' (' + last.message + ')' : ''}`);
    await sleep(intervalMs);
  }
}

function readReport() {
  try {
    return JSON.parse(fs.readFileSync(reportPath, 'utf8'));
  } catch {
    return null;
  }
}

function tail(text, lines) {
  const all = text.split('\n');
  return all.slice(Math.max(0, all.length - lines)).join('\n');
}

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    let entries = [];
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.push(full);
    }
  };
  walk(dir);
  return out;
}

async function visibleTexts(selector) {
  if (!page) return [];
  try {
    return await page.locator(selector).evaluateAll((els) => els.filter((e) => e.offsetParent !== null).map((e) => e.textContent.trim()).filter(Boolean));
  } catch {
    return [];
  }
}

async function onFailure(name, err) {
  if (firstFailureDumped || cleaningUp) return;
  firstFailureDumped = true;
  try {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    if (page) {
      const shot = path.join(ARTIFACTS, 'failure.png');
      await page.screenshot({ path: shot, timeout: 10_000 }).catch(() => {});
      log(`failure screenshot: ${shot}`);
      const toasts = await visibleTexts('.notification-toast .notification-list-item-message');
      if (toasts.length) log('visible notifications:\n  ' + toasts.join('\n  '));
      const dialog = await visibleTexts('.monaco-dialog-box');
      if (dialog.length) log('visible dialog: ' + dialog.join(' | '));
    }
    if (err && err.stack) log('failure at step "' + name + '": ' + err.stack.split('\n').slice(0, 4).join('\n  '));
  } catch (e) {
    log('could not save failure artifacts: ' + e.message);
  }
}

function dumpDiagnostics() {
  const sections = [];
  if (codeServerLog && fs.existsSync(codeServerLog)) sections.push(['code-server stdout/stderr', tail(fs.readFileSync(codeServerLog, 'utf8'), 60)]);
  if (userDataDir) {
    for (const f of listFiles(path.join(userDataDir, 'logs'))) {
      const base = path.basename(f);
      if (/remote.?jupyter|exthost|remoteexthost|jupyter/i.test(base) || /remote.?jupyter/i.test(f)) {
        const text = fs.readFileSync(f, 'utf8');
        if (text.trim()) sections.push([path.relative(userDataDir, f), tail(text, 60)]);
      }
    }
  }
  const rep = reportPath && fs.existsSync(reportPath) ? fs.readFileSync(reportPath, 'utf8') : '(no report written)';
  sections.push(['jupyter-double report', rep]);
  try {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const out = sections.map(([h, t]) => `===== ${h}\n${t}\n`).join('\n');
    fs.writeFileSync(path.join(ARTIFACTS, 'diagnostics.txt'), out);
    console.log(out);
    log(`diagnostics also in ${path.join(ARTIFACTS, 'diagnostics.txt')}`);
  } catch (e) {
    log('could not write diagnostics: ' + e.message);
  }
}

/** SIGTERM a process group we started, SIGKILL after graceMs. */
async function stopGroup(child, label, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { try { child.kill('SIGTERM'); } catch { /* gone */ } }
  const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    log(`${label} (pid ${child.pid}) ignored SIGTERM; SIGKILL`);
    try { process.kill(-child.pid, 'SIGKILL'); } catch { try { child.kill('SIGKILL'); } catch { /* gone */ } }
    await Promise.race([exited, sleep(2000)]);
  }
}

// ---------------------------------------------------------------- the test-host (throwaway sshd)
function startTestHost() {
  return new Promise((resolve, reject) => {
    if (!fs.existsSync(SIDECAR)) return reject(new Error(`sidecar not found at ${SIDECAR} (set REMOTE_JUPYTER_SIDECAR)`));
    // --slurm adds a one-node Slurm cluster whose jobs run as rjtest (slurmd needs root, as does --login-user).
    const child = spawn(SIDECAR, ['test-host', '--login-user', 'rjtest', '--unknown-host-key', '--slurm'], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    started.testHost = child;
    let buf = '';
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0 && !host) {
        try {
          resolve(JSON.parse(buf.slice(0, nl)));
        } catch (e) {
          reject(new Error('test-host printed no JSON: ' + buf.slice(0, 300)));
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`test-host exited (${code}) before printing its JSON: ${err.trim().slice(0, 500)}`)));
  });
}

function knownHostsOf(sshConfigPath) {
  const text = fs.readFileSync(sshConfigPath, 'utf8');
  const m = text.match(/^\s*UserKnownHostsFile\s+(\S+)/im);
  return m ? m[1] : null;
}

// ---------------------------------------------------------------- code-server and the browser
async function installExtension(extDir, vsix) {
  const r = await run(CODE_SERVER, ['--user-data-dir', userDataDir, '--extensions-dir', extDir, '--config', path.join(tmp, 'config.yaml'),
    '--install-extension', vsix], { timeoutMs: 90_000 });
  const out = (r.stdout + r.stderr).trim();
  if (r.code !== 0 || !/successfully installed/i.test(out)) throw new Error(`installing ${path.basename(vsix)}: exit ${r.code}: ${tail(out, 5)}`);
  return out;
}

/** The extension host inherits this. The extension runs the sidecar packaged in the .vsix unless
 *  E2E_EXTENSION_SIDECAR is set (REMOTE_JUPYTER_SIDECAR, which names the test-host's sidecar, is not passed on). */
function codeServerEnv() {
  const env = { ...process.env, JUPYTER_DOUBLE_REPORT: reportPath };
  delete env.REMOTE_JUPYTER_SIDECAR;
  if (process.env.E2E_EXTENSION_SIDECAR) env.REMOTE_JUPYTER_SIDECAR = process.env.E2E_EXTENSION_SIDECAR;
  return env;
}

async function startCodeServer(extDir, folder, port) {
  codeServerLog = path.join(tmp, 'code-server.log');
  const out = fs.openSync(codeServerLog, 'a');
  const child = spawn(CODE_SERVER, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userDataDir,
    '--extensions-dir', extDir, '--config', path.join(tmp, 'config.yaml'), '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', folder], {
    stdio: ['ignore', out, out],
    detached: true, // own process group: extension host and the sidecar it spawns stop with it
    env: codeServerEnv(),
  });
  started.codeServer = child;
  await waitFor('code-server listening', 40_000, async () => {
    if (child.exitCode !== null) throw new Error(`code-server exited ${child.exitCode}: ${tail(fs.readFileSync(codeServerLog, 'utf8'), 10)}`);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  }, 300);
}

async function launchBrowser() {
  const server = await chromium.launchServer({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    timeout: 60_000,
  });
  started.browserServer = server;
  browser = await chromium.connect(server.wsEndpoint(), { timeout: 30_000 });
  const context = await browser.newContext({ viewport: VIEWPORT });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
}

/** Waits for a visible QuickPick whose placeholder, aria-label or title contains `text`. */
async function waitForQuickPick(text, timeoutMs) {
  await page.waitForFunction((t) => {
    const w = document.querySelector('.quick-input-widget');
    if (!w || getComputedStyle(w).display === 'none') return false;
    const input = w.querySelector('.quick-input-box input');
    const title = w.querySelector('.quick-input-title');
    return [input?.placeholder, input?.getAttribute('aria-label'), title?.textContent].some((s) => s && s.includes(t));
  }, text, { timeout: timeoutMs, polling: 200 });
}

/** Runs a command from the palette; returns the row's text. */
async function runCommand(title) {
  // On a loaded machine the palette can open before the extensions' commands are registered
  // and then never refreshes its list: close it and ask again, a bounded number of times.
  const row = quickPickRows().filter({ hasText: title }).first();
  for (let attempt = 1; ; attempt++) {
    await waitFor('command palette', 20_000, async () => {
      await page.keyboard.press('Control+Shift+P');
      await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible', timeout: 3000 });
      return true;
    }, 500);
    await page.keyboard.type(title, { delay: 10 });
    try {
      await row.waitFor({ state: 'visible', timeout: 12_000 });
      break;
    } catch (e) {
      if (attempt >= 4) throw e;
      await page.keyboard.press('Escape');
      await sleep(2000);
    }
  }
  const label = (await row.textContent()).trim();
  await row.click();
  return label;
}

const quickPickRows = () => page.locator('.quick-input-widget .quick-input-list .monaco-list-row');

async function statusBarTexts() {
  return page.locator('#workbench\\.parts\\.statusbar .statusbar-item').evaluateAll((els) => els.map((e) => ({
    text: e.textContent.replace(/\s+/g, ' ').trim(),
    aria: e.getAttribute('aria-label') || e.querySelector('[aria-label]')?.getAttribute('aria-label') || '',
    id: e.id,
  })));
}

/** Opens the activity bar's "Remote Jupyter" container (unless open) and returns the sidebar showing the Hosts view. */
async function showHostsView() {
  await page.keyboard.press('Escape').catch(() => {});
  const icon = page.locator('.activitybar .action-item a[aria-label^="Remote Jupyter"], .activitybar .action-item[aria-label^="Remote Jupyter"] a, .activitybar .action-label[aria-label^="Remote Jupyter"]').first();
  await icon.waitFor({ state: 'visible', timeout: 15_000 });
  const selected = await icon.evaluate((a) => (a.closest('.action-item')?.classList.contains('checked') ?? false));
  if (!selected) await icon.click();
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  // With one view the container's title reads "REMOTE JUPYTER: HOSTS"; with several, each has a pane header.
  await sidebar.locator('.composite.title, .pane-header').filter({ hasText: /Hosts/i }).first().waitFor({ state: 'visible', timeout: 10_000 });
  return sidebar;
}

/** Best effort, for the picture: drags the sidebar's sash so that tree rows are not cut off. */
async function widenSidebar(toX) {
  try {
    const box = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
    if (!box || box.x + box.width >= toX) return;
    const edge = box.x + box.width;
    const y = box.y + box.height / 2;
    await page.mouse.move(edge, y);
    await page.mouse.down();
    await page.mouse.move((edge + toX) / 2, y, { steps: 5 });
    await page.mouse.move(toX, y, { steps: 5 });
    await page.mouse.up();
  } catch {
    // only the screenshot gets narrower
  }
}

// ---------------------------------------------------------------- cleanup
/** Stops, through the sidecar's CLI over the test-host's sshd, the servers of `servers --json` that this run started. */
async function stopOurServers() {
  serversStopped = true;
  const common = ['-F', host.sshConfigPath, '--accept-new-host-key'];
  const list = await run(SIDECAR, ['servers', '--json', ...common, host.alias], { timeoutMs: 30_000 });
  if (list.code !== 0) throw new Error(`servers exited ${list.code}: ${list.stderr.trim().slice(0, 300)}`);
  const since = t0 - 5000;
  // Listing removes records of servers that are gone: every entry is a running server.
  const ours = JSON.parse(list.stdout).filter((s) => Date.parse(s.startedAt) >= since);
  const how = [];
  for (const s of ours) {
    const r = await run(SIDECAR, ['stop', ...common, host.alias, s.serverId], { timeoutMs: 25_000 });
    if (r.code !== 0) throw new Error(`stop ${s.serverId} exited ${r.code}: ${r.stderr.trim().slice(0, 300)}`);
    how.push(r.stdout.trim());
  }
  return how;
}

let cleanupPromise = null;
/** Idempotent: every caller waits for the one cleanup. */
function cleanup() {
  cleanupPromise ??= doCleanup();
  return cleanupPromise;
}

async function doCleanup() {
  cleaningUp = true;
  if (!serversStopped && host && started.testHost && started.testHost.exitCode === null) {
    // A run cut short may have left a Jupyter server running on the test user's account.
    await Promise.race([stopOurServers().then((how) => how.length && log('stopped ' + how.join('; ')), (e) => log('could not stop servers: ' + e.message)), sleep(20_000)]);
  }
  if (browser) await browser.close().catch(() => {});
  if (started.browserServer) await Promise.race([started.browserServer.close().catch(() => {}), sleep(5000)]);
  if (started.browserServer) {
    const bp = started.browserServer.process();
    if (bp && bp.exitCode === null) { try { bp.kill('SIGKILL'); } catch { /* gone */ } }
  }
  await stopGroup(started.codeServer, 'code-server', 8000);
  await Promise.race([closeSourceServers(sourceServers).catch((e) => log('could not stop the source servers: ' + e.message)), sleep(15_000)]);
  if (host?.slurm && started.testHost?.exitCode === null) {
    // A run cut short may have left a Jupyter job queued or running; slurmstepd would outlive the cluster's daemons.
    await run('scancel', ['--user', host.userName], { timeoutMs: 15_000, env: { ...process.env, SLURM_CONF: host.slurm.confPath } }).catch(() => {});
  }
  const th = started.testHost;
  if (th && th.exitCode === null && th.signalCode === null) {
    const exited = new Promise((r) => th.once('exit', r));
    th.stdin.end(); // the test-host removes its sshd, keys and temp dir when its stdin closes
    const ok = await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]);
    if (!ok) await stopGroup(th, 'test-host', 10_000);
  }
}

// ---------------------------------------------------------------- the test
async function main() {
  const watchdog = setTimeout(async () => {
    record('whole run within budget', false, `still running after ${TOTAL_BUDGET_MS / 1000} s; aborting`);
    aborted = true;
    await onFailure('watchdog', null);
    dumpDiagnostics();
    await Promise.race([cleanup(), sleep(45_000)]);
    log(`kept ${tmp}`);
    finish(1);
  }, TOTAL_BUDGET_MS);
  watchdog.unref();

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rj-e2e-'));
  userDataDir = path.join(tmp, 'user-data');
  const extDir = path.join(tmp, 'extensions');
  const folder = path.join(tmp, 'workspace');
  reportPath = path.join(tmp, 'jupyter-double-report.json');
  for (const d of [userDataDir, path.join(userDataDir, 'User'), extDir, folder]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(folder, 'README.txt'), 'Remote Jupyter end-to-end test workspace.\n');
  fs.mkdirSync(SHOTS, { recursive: true });
  log(`temp dir ${tmp}`);

  // 1. Throwaway sshd with an unknown host key, and the extensions, in parallel.
  const hostPromise = startTestHost();
  hostPromise.catch(() => {});
  let extOk = await step('extensions install into code-server (jupyter double, then Remote Jupyter .vsix)', 120_000, async () => {
    if (!fs.existsSync(CODE_SERVER)) throw new Error(`${CODE_SERVER} missing: run tests/e2e/setup.sh first`);
    if (!fs.existsSync(VSIX)) throw new Error(`extension package not found: ${VSIX} (run \`npm run package\` or set REMOTE_JUPYTER_VSIX)`);
    const doubleVsix = packVsix(path.join(HERE, 'jupyter-double'), path.join(tmp, 'jupyter-double.vsix'));
    await installExtension(extDir, doubleVsix); // first: the extension under test may depend on ms-toolsai.jupyter
    await installExtension(extDir, VSIX);
    const installed = JSON.parse(fs.readFileSync(path.join(extDir, 'extensions.json'), 'utf8')).map((e) => e.identifier.id);
    if (!installed.includes('ms-toolsai.jupyter') || installed.length < 2) throw new Error('extensions.json lists ' + installed.join(', '));
    return installed.join(', ');
  });
  const hostOk = await step('test-host (throwaway sshd) starts and describes itself', 90_000, async () => {
    host = await hostPromise;
    for (const k of ['alias', 'sshConfigPath', 'slurm']) if (!host[k]) throw new Error(`test-host JSON lacks ${k}: ${JSON.stringify(host)}`);
    return `${host.alias} -> ${host.userName}@127.0.0.1:${host.port}`;
  });

  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.tips.enabled': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    'window.commandCenter': false,
  };
  if (host) settings['remoteJupyter.sshConfigFile'] = host.sshConfigPath;
  // A time limit, so that the Slurm job's status bar item shows the walltime left (the test partition has none).
  settings['remoteJupyter.slurm.defaults'] = { time: '0:30:00', cpus: 1 };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  let uiOk = false;
  if (extOk && hostOk) {
    const port = await freePort();
    uiOk = await step('code-server starts and the workbench loads in Chromium', 90_000, async () => {
      await startCodeServer(extDir, folder, port);
      await launchBrowser();
      await page.goto(`http://127.0.0.1:${port}/`, { timeout: 30_000 });
      await page.waitForSelector('.monaco-workbench', { timeout: 45_000 });
      await page.waitForSelector('#workbench\\.parts\\.statusbar', { timeout: 20_000 });
      return `port ${port}`;
    });
  } else {
    blocked('code-server starts and the workbench loads in Chromium', extOk ? 'test-host' : 'extension install');
  }

  // 2. The connect flow, one UI step at a time.
  const chain = [
    ['command palette runs "Connect Remote Jupyter"', 80_000, async () => {
      await sleep(1500); // let the workbench settle (extension host start)
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
      return runCommand('Connect Remote Jupyter');
    }],
    ['QuickPick "Select an SSH host" lists the alias; screenshot; pick it', 60_000, async () => {
      await waitForQuickPick('Select an SSH host', 45_000);
      const row = quickPickRows().filter({ hasText: host.alias }).first();
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      await sleep(300);
      await page.screenshot({ path: path.join(SHOTS, 'screenshot-picker.png') });
      const text = (await row.textContent()).replace(/\s+/g, ' ').trim();
      await row.click();
      return text;
    }],
    ['host-key modal "The authenticity of host ..." offers "Accept Once"; click "Accept and Remember"', 60_000, async () => {
      const dialog = page.locator('.monaco-dialog-box').filter({ hasText: 'authenticity of host' });
      await dialog.waitFor({ state: 'visible', timeout: 50_000 });
      hostKeyDialogText = (await dialog.textContent()).replace(/\s+/g, ' ');
      await dialog.locator('.monaco-button', { hasText: 'Accept Once' }).first().waitFor({ state: 'visible', timeout: 5000 });
      await dialog.locator('.monaco-button', { hasText: 'Accept and Remember' }).first().click();
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      return hostKeyDialogText.slice(0, 160);
    }],
    ['host-key modal shows the key\'s SHA256 fingerprint', 1000, async () => {
      if (!host.hostKeyFingerprint) throw new Error('the test-host did not print hostKeyFingerprint');
      if (!hostKeyDialogText.includes(host.hostKeyFingerprint)) {
        throw new Error(`${host.hostKeyFingerprint} not in the modal's text: "${hostKeyDialogText.slice(0, 300)}"`);
      }
      return host.hostKeyFingerprint;
    }, { blocking: false }],
    ['QuickPick "Select a Python environment"; pick /usr/bin/python3', 90_000, async () => {
      await waitForQuickPick('Select a Python environment', 80_000);
      // The row whose description is exactly /usr/bin/python3; failing that, one whose description names it.
      const exact = quickPickRows().filter({ has: page.locator('.label-description', { hasText: /^\s*\/usr\/bin\/python3\s*$/ }) });
      const loose = quickPickRows().filter({ has: page.locator('.label-description', { hasText: /(^|\s)\/usr\/bin\/python3(\s|$)/ }) });
      await loose.first().waitFor({ state: 'visible', timeout: 30_000 });
      await sleep(500); // the list may still be filling in
      const row = (await exact.count()) ? exact.first() : loose.first();
      const text = (await row.textContent()).replace(/\s+/g, ' ').trim();
      await row.click();
      return text;
    }],
    ['progress finishes; status bar shows "<alias> · <env>"', 120_000, async () => {
      const item = await waitFor('status bar item with the alias', 110_000, async () => {
        const items = await statusBarTexts();
        return items.find((i) => i.text.includes(host.alias) && i.text.includes('·'));
      }, 500);
      await waitFor('progress notification to finish', 30_000, async () => {
        const n = await page.locator('.notifications-toasts .monaco-progress-container.active').evaluateAll((els) => els.filter((e) => e.offsetParent !== null).length);
        return n === 0;
      }, 500);
      // Picture: the lower-left corner of the window with the item's hover (tooltip) open.
      const el = page.locator('#workbench\\.parts\\.statusbar .statusbar-item').filter({ hasText: host.alias }).first();
      await el.hover();
      await page.locator('.monaco-hover, .workbench-hover').first().waitFor({ state: 'visible', timeout: 4000 }).catch(() => {});
      await sleep(300);
      await page.screenshot({ path: path.join(SHOTS, 'screenshot-statusbar.png'), clip: { x: 0, y: VIEWPORT.height - 280, width: 760, height: 280 } });
      await page.mouse.move(900, 300);
      return `"${item.text}"`;
    }],
  ];
  let chainOk = uiOk;
  for (const [name, timeout, fn, opts] of chain) {
    if (!chainOk) { blocked(name, 'an earlier UI step'); continue; }
    const ok = await step(name, timeout, fn);
    if (!opts || opts.blocking !== false) chainOk = ok;
  }

  // 2a. A container environment on the same host.
  let containerOk = false;
  if (chainOk) {
    containerOk = await runContainerSteps(REPO, host, {
      page, step, waitFor, waitForQuickPick, quickPickRows, readReport, runCommand, statusBarTexts, collectionId: COLLECTION_ID,
    });
  }

  // 2b. A Slurm job on the same host's cluster.
  if (chainOk) {
    await runSlurmSteps(host, {
      page, step, waitFor, waitForQuickPick, quickPickRows, readReport, runCommand, statusBarTexts, showHostsView, collectionId: COLLECTION_ID, sidecar: SIDECAR,
    });
  }

  // 2c. Servers that already run: by URL (password) and on a JupyterHub.
  if (uiOk) {
    sourceServers = await runSourceSteps(REPO, {
      page, step, waitFor, waitForQuickPick, quickPickRows, readReport, runCommand, listFiles, userDataDir, collectionId: COLLECTION_ID,
    });
  }

  // 3. Independent checks.
  if (hostOk && uiOk) {
    await step('"Accept and Remember" wrote the host key to known_hosts', 10_000, async () => {
      const kh = knownHostsOf(host.sshConfigPath);
      if (!kh) throw new Error('ssh config names no UserKnownHostsFile');
      const text = fs.existsSync(kh) ? fs.readFileSync(kh, 'utf8') : '';
      if (!text.trim()) throw new Error(`${kh} is still empty`);
      return `${text.trim().split('\n').length} line(s) in ${path.basename(kh)}`;
    });
  } else {
    blocked('"Accept and Remember" wrote the host key to known_hosts', 'the workbench');
  }

  if (uiOk) {
    await step('activity bar "Remote Jupyter" opens the Hosts tree showing the host', 40_000, async () => {
      const sidebar = await showHostsView();
      const row = sidebar.locator('.monaco-list-row', { hasText: host.alias }).first();
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      if (containerOk) {
        await sidebar.locator('.monaco-list-row', { hasText: 'Containers (podman)' }).first().waitFor({ state: 'visible', timeout: 20_000 });
        await sidebar.locator('.monaco-list-row', { hasText: 'rj-jupyter:bookworm' }).first().waitFor({ state: 'visible', timeout: 20_000 });
      }
      // The sources added above sit beside the hosts: the URL server and the hub.
      for (const server of [sourceServers.jupyter, sourceServers.hub].filter(Boolean)) {
        await sidebar.locator('.monaco-list-row', { hasText: server.url }).first().waitFor({ state: 'visible', timeout: 20_000 });
      }
      await widenSidebar(560);
      await page.mouse.move(900, 300);
      await sleep(800);
      await page.screenshot({ path: path.join(SHOTS, 'screenshot-tree.png') });
      return (await row.textContent()).replace(/\s+/g, ' ').trim();
    });
  } else {
    blocked('activity bar "Remote Jupyter" opens the Hosts tree showing the host', 'the workbench');
  }

  let resolvedServer = null;
  if (uiOk) {
    await step(`Jupyter API: collection "${COLLECTION_ID}" serves a server resolved to http://127.0.0.1:PORT/ with kernelspec python3`, 45_000, async () => {
      let lastSummary = 'no report yet';
      try {
        resolvedServer = await waitFor('resolved server in the jupyter-double report', 40_000, async () => {
          const rep = readReport();
          if (!rep) return null;
          const col = rep.collections.find((c) => c.id === COLLECTION_ID && !c.disposed);
          if (!col) { lastSummary = 'collections: ' + JSON.stringify(rep.collections.map((c) => c.id)); return null; }
          lastSummary = JSON.stringify(col.servers).slice(0, 400) + (col.error ? ' ' + col.error : '');
          return col.servers.find((s) => s.resolved && /^http:\/\/127\.0\.0\.1:\d+\/$/.test(s.resolved.baseUrl) && (s.kernelspecs || []).includes('python3'));
        }, 1000);
      } catch (e) {
        throw new Error(`${e.message}; last seen: ${lastSummary}`);
      }
      return `${resolvedServer.label} -> ${resolvedServer.resolved.baseUrl}, kernelspecs ${resolvedServer.kernelspecs.join(', ')}`;
    });
    await step('the token stays secret (not in the URL, not in any VS Code log)', 20_000, async () => {
      const rep = readReport();
      if (!rep) throw new Error('no report');
      if (rep.tokenLeakRedacted) throw new Error('the token appeared in what the extension handed to Jupyter (label, id or URL)');
      const servers = rep.collections.flatMap((c) => c.servers || []);
      const withToken = servers.filter((s) => s.resolved && s.resolved.hasToken);
      if (servers.some((s) => s.resolved && s.resolved.baseUrlCarriesToken)) throw new Error('baseUrl carries ?token=');
      if (!withToken.length) throw new Error('no resolved server carries a token in connectionInformation');
      const digests = new Set(withToken.map((s) => s.resolved.tokenSha256).filter(Boolean));
      const lengths = new Set(withToken.map((s) => s.resolved.tokenLength).filter(Boolean));
      const files = listFiles(path.join(userDataDir, 'logs'));
      for (const f of files) {
        const text = fs.readFileSync(f, 'latin1');
        for (const m of text.matchAll(/[A-Za-z0-9_\-+/=.~]+/g)) {
          const run = m[0];
          for (const len of lengths) {
            if (run.length < len) continue;
            for (let i = 0; i + len <= run.length; i++) {
              const h = crypto.createHash('sha256').update(run.slice(i, i + len)).digest('hex');
              if (digests.has(h)) throw new Error(`the Jupyter token appears in ${path.relative(userDataDir, f)}`);
            }
          }
        }
      }
      return `${files.length} log files scanned`;
    });
    await step('activation is logged and takes under 100 ms (the sidecar starts lazily)', 10_000, async () => {
      const times = listFiles(path.join(userDataDir, 'logs'))
        .flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/Remote Jupyter activated in ([0-9.]+) ms/g)].map((m) => Number(m[1])));
      if (!times.length) throw new Error('no "Remote Jupyter activated in … ms" line in the VS Code logs');
      if (Math.max(...times) >= 100) throw new Error(`activation took ${Math.max(...times)} ms`);
      return `activated in ${times.join(', ')} ms`;
    });
  } else {
    blocked(`Jupyter API: collection "${COLLECTION_ID}" serves a server resolved to http://127.0.0.1:PORT/ with kernelspec python3`, 'the workbench');
    blocked('the token stays secret (not in the URL, not in any VS Code log)', 'the workbench');
    blocked('activation is logged and takes under 100 ms (the sidecar starts lazily)', 'the workbench');
  }

  // 4. Stop the Jupyter server this run started (through the sidecar's CLI, over the same sshd).
  if (hostOk && uiOk) {
    await step('the Jupyter server started by this run stops cleanly (sidecar list/stop)', 60_000, async () => {
      const how = await stopOurServers();
      if (!how.length) throw new Error('no running server started by this run in `servers --json`');
      return how.join('; ');
    });
  } else {
    blocked('the Jupyter server started by this run stops cleanly (sidecar list/stop)', 'an earlier step');
  }

  if (aborted) return new Promise(() => {}); // the watchdog finishes the run
  clearTimeout(watchdog);
  const failed = results.filter((r) => !r.ok).length;
  if (failed) dumpDiagnostics();
  await cleanup();
  if (!failed && !process.env.E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  else log(`kept ${tmp}`);
  finish(failed ? 1 : 0);
}

function finish(code) {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (!results.length) console.log('e2e: 0 passed, 1 failed');
  else console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(results.length ? code || (failed ? 1 : 0) : 1);
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    log(`${sig}: cleaning up`);
    record('run not interrupted', false, sig);
    aborted = true;
    await Promise.race([cleanup(), sleep(45_000)]);
    finish(130);
  });
}

main().catch(async (e) => {
  record('test runner', false, e.stack || String(e));
  dumpDiagnostics();
  await Promise.race([cleanup(), sleep(45_000)]);
  finish(1);
});
