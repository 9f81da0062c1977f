// Test double of the Jupyter extension (id ms-toolsai.jupyter) for the end-to-end test.
// It implements the API surface of @vscode/jupyter-extension 1.1.x that Remote Jupyter uses,
// records every collection registered, and (on `jupyterDouble.report`, on onDidChangeServers
// and every 2 s while collections exist) asks each collection for its servers, resolves them,
// GETs <baseUrl>/api/kernelspecs with the token, and writes a JSON report to the file named by
// the environment variable JUPYTER_DOUBLE_REPORT. The token itself never enters the report.
'use strict';
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const collections = []; // { id, label, provider, collection, disposed, createdAt, events }
const errors = [];
let reportCount = 0;
let inFlight = null;
let timer = null;
let secrets = new Set(); // tokens seen, to make sure none leaks into the report

function now() { return new Date().toISOString(); }
function errText(e) { return e && e.message ? e.message : String(e); }

function redact(text) {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('<redacted>');
  }
  return out;
}

function uriText(u) {
  if (!u) return undefined;
  return typeof u === 'string' ? u : u.toString(true);
}

async function fetchKernelspecs(baseUrl, info) {
  const url = baseUrl.replace(/\/?$/, '/') + 'api/kernelspecs';
  const headers = Object.assign({}, info.headers || {});
  if (info.token) headers['Authorization'] = 'token ' + info.token;
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  const body = await res.text();
  if (!res.ok) throw new Error(`GET ${url} -> HTTP ${res.status}: ${body.slice(0, 200)}`);
  const json = JSON.parse(body);
  return { status: res.status, default: json.default, names: Object.keys(json.kernelspecs || {}).sort() };
}

async function describeServer(c, server) {
  const out = {
    id: server && server.id,
    label: server && server.label,
    eagerConnectionInformation: !!(server && server.connectionInformation),
  };
  const cts = new vscode.CancellationTokenSource();
  try {
    let resolved = await Promise.race([
      Promise.resolve(c.provider.resolveJupyterServer(server, cts.token)),
      new Promise((_, rej) => setTimeout(() => rej(new Error('resolveJupyterServer timed out after 20 s')), 20000)),
    ]);
    if (!resolved) resolved = server; // API: no result means "use the given server"
    const info = resolved && resolved.connectionInformation;
    if (!info) { out.error = 'resolved server has no connectionInformation'; return out; }
    if (info.token) secrets.add(info.token);
    const baseUrl = uriText(info.baseUrl);
    out.resolved = {
      id: resolved.id,
      label: resolved.label,
      baseUrl,
      hasToken: !!info.token,
      // Lets the test look for the token in logs without the report holding it.
      tokenSha256: info.token ? crypto.createHash('sha256').update(info.token).digest('hex') : undefined,
      tokenLength: info.token ? info.token.length : undefined,
      headerNames: Object.keys(info.headers || {}),
      baseUrlCarriesToken: /[?&]token=/.test(baseUrl || ''),
    };
    try {
      const ks = await fetchKernelspecs(baseUrl, info);
      out.kernelspecs = ks.names;
      out.defaultKernelspec = ks.default;
    } catch (e) {
      out.kernelspecsError = errText(e);
    }
  } catch (e) {
    out.error = 'resolveJupyterServer failed: ' + errText(e);
  } finally {
    cts.dispose();
  }
  return out;
}

async function buildReport(reason) {
  const report = { writtenAt: now(), reason, reportCount: ++reportCount, collections: [], errors: errors.slice(-20) };
  for (const c of collections) {
    const entry = {
      id: c.id,
      label: c.collection.label,
      disposed: c.disposed,
      createdAt: c.createdAt,
      hasCommandProvider: !!c.collection.commandProvider,
      documentation: uriText(c.collection.documentation),
      hasOnDidChangeServers: typeof c.provider.onDidChangeServers === 'function',
      changeEvents: c.changeEvents,
      servers: [],
    };
    if (!c.disposed) {
      const cts = new vscode.CancellationTokenSource();
      try {
        const servers = (await Promise.resolve(c.provider.provideJupyterServers(cts.token))) || [];
        for (const s of servers) entry.servers.push(await describeServer(c, s));
      } catch (e) {
        entry.error = 'provideJupyterServers failed: ' + errText(e);
      } finally {
        cts.dispose();
      }
      if (c.collection.commandProvider && typeof c.collection.commandProvider.provideCommands === 'function') {
        const cts2 = new vscode.CancellationTokenSource();
        try {
          const cmds = (await Promise.resolve(c.collection.commandProvider.provideCommands(undefined, cts2.token))) || [];
          entry.commands = cmds.map((x) => ({ label: x.label, description: x.description }));
        } catch (e) {
          entry.commandsError = errText(e);
        } finally {
          cts2.dispose();
        }
      }
    }
    report.collections.push(entry);
  }
  return report;
}

async function writeReport(reason) {
  if (inFlight) return inFlight;
  inFlight = (async () => {
    const target = process.env.JUPYTER_DOUBLE_REPORT;
    let report;
    try {
      report = await buildReport(reason);
    } catch (e) {
      report = { writtenAt: now(), reason, fatal: errText(e), collections: [] };
    }
    if (!target) return report;
    let text = JSON.stringify(report, null, 2);
    const clean = redact(text);
    if (clean !== text) {
      report.tokenLeakRedacted = true;
      text = redact(JSON.stringify(report, null, 2));
    }
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target + '.tmp', text);
      fs.renameSync(target + '.tmp', target);
    } catch (e) {
      errors.push({ at: now(), what: 'write report', message: errText(e) });
    }
    return report;
  })().finally(() => { inFlight = null; });
  return inFlight;
}

function ensureTimer() {
  const live = collections.some((c) => !c.disposed);
  if (live && !timer) timer = setInterval(() => { writeReport('timer'); }, 2000);
  if (!live && timer) { clearInterval(timer); timer = null; }
}

function createJupyterServerCollection(id, label, serverProvider) {
  if (typeof id !== 'string' || !id) throw new Error('createJupyterServerCollection: id must be a non-empty string');
  if (!serverProvider || typeof serverProvider.provideJupyterServers !== 'function' || typeof serverProvider.resolveJupyterServer !== 'function') {
    throw new Error('createJupyterServerCollection: serverProvider must implement provideJupyterServers and resolveJupyterServer');
  }
  const record = { id, provider: serverProvider, disposed: false, createdAt: now(), changeEvents: 0, subscription: undefined };
  const collection = {
    id,
    label,
    documentation: undefined,
    commandProvider: undefined,
    dispose() {
      if (record.disposed) return;
      record.disposed = true;
      if (record.subscription) record.subscription.dispose();
      ensureTimer();
      writeReport('collection disposed');
    },
  };
  record.collection = collection;
  if (typeof serverProvider.onDidChangeServers === 'function') {
    record.subscription = serverProvider.onDidChangeServers(() => {
      record.changeEvents++;
      writeReport('onDidChangeServers');
    });
  }
  collections.push(record);
  ensureTimer();
  writeReport('collection created');
  return collection;
}

function activate(context) {
  context.subscriptions.push(vscode.commands.registerCommand('jupyterDouble.report', () => writeReport('command')));
  context.subscriptions.push({ dispose() { if (timer) clearInterval(timer); timer = null; } });
  writeReport('activated');
  return {
    createJupyterServerCollection,
    kernels: { getKernel: async () => undefined },
  };
}

function deactivate() {
  if (timer) clearInterval(timer);
  timer = null;
}

module.exports = { activate, deactivate };
