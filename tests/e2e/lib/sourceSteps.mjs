// End-to-end steps for servers that already run: an existing jupyter_server with a password, and a
// JupyterHub, both real and on loopback, added through "Connect Remote Jupyter" as a person would.
// The servers come from the extension tests' fixture (compiled to out/ by `npm run build:tests`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const HUB_USER = 'ada';

function loadFixture(repo) {
  const compiled = path.join(repo, 'out', 'tests', 'extension', 'fixtures', 'localServers.js');
  if (!fs.existsSync(compiled)) {
    const build = spawnSync('npm', ['run', '--silent', 'build:tests'], { cwd: repo, stdio: 'inherit', timeout: 120_000 });
    if (build.status !== 0 || !fs.existsSync(compiled)) throw new Error(`could not build ${compiled}`);
  }
  return createRequire(import.meta.url)(compiled);
}

/**
 * Runs the steps; returns the servers to close at cleanup. `ui` holds the page helpers of run.mjs:
 * { page, step, waitFor, waitForQuickPick, quickPickRows, readReport, runCommand, listFiles, userDataDir, collectionId }.
 */
export async function runSourceSteps(repo, ui) {
  const { page, step, waitFor, waitForQuickPick, quickPickRows, readReport, runCommand, collectionId } = ui;
  const servers = {};
  const typeInto = async (title, text) => {
    await waitForQuickPick(title, 30_000);
    await page.keyboard.type(text, { delay: 5 });
    await page.keyboard.press('Enter');
  };
  const pick = async (placeholder, rowText) => {
    await waitForQuickPick(placeholder, 30_000);
    const row = quickPickRows().filter({ hasText: rowText }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await row.click();
  };
  const resolvedBy = (what, accept) =>
    waitFor(what, 40_000, async () => {
      const report = readReport();
      const collection = report?.collections.find((c) => c.id === collectionId && !c.disposed);
      return collection?.servers.find((s) => s.resolved && accept(s));
    }, 1000);

  const started = await step('a password jupyter_server and a JupyterHub start on loopback', 90_000, async () => {
    const fixture = loadFixture(repo);
    [servers.jupyter, servers.hub] = await Promise.all([fixture.startPasswordJupyter(), fixture.startHub()]);
    return `${servers.jupyter.url}, hub ${servers.hub.url}`;
  });
  if (!started) return servers;

  const urlAdded = await step('"Connect Remote Jupyter" → "Existing Jupyter server URL…" → URL → Password → connected', 90_000, async () => {
    await runCommand('Connect Remote Jupyter');
    await pick('Select an SSH host, or a server that already runs', 'Existing Jupyter server URL');
    await typeInto('Existing Jupyter Server', servers.jupyter.url);
    await pick('How does this server check who you are?', 'Password');
    await typeInto('Jupyter Password', servers.jupyter.password);
    await page.locator('.notifications-toasts', { hasText: 'Connected to the Jupyter server' }).first().waitFor({ state: 'visible', timeout: 40_000 });
    return servers.jupyter.url;
  });
  if (urlAdded) {
    await step('the Jupyter double resolves the URL server with Cookie + X-XSRFToken headers (no token) and lists python3', 45_000, async () => {
      const server = await resolvedBy('the URL server in the jupyter-double report', (s) =>
        s.resolved.headerNames.includes('Cookie') && s.resolved.headerNames.includes('X-XSRFToken') && (s.kernelspecs || []).includes('python3'));
      if (server.resolved.hasToken) throw new Error('a URL server with a password got a token');
      return `${server.label} -> ${server.resolved.baseUrl}`;
    });
  }

  const hubStarted = await step('"Connect Remote Jupyter" → "JupyterHub…" → hub → user → Password → start the default server', 120_000, async () => {
    await page.keyboard.press('Escape').catch(() => {});
    await runCommand('Connect Remote Jupyter');
    await pick('Select an SSH host, or a server that already runs', 'JupyterHub');
    await typeInto('JupyterHub Address', servers.hub.url);
    await typeInto('JupyterHub Username', HUB_USER);
    await pick('Log In to', 'Password');
    await typeInto('JupyterHub Password', servers.hub.password);
    await pick(`Servers of ${HUB_USER}`, 'Default server');
    return servers.hub.url;
  });
  if (hubStarted) {
    await step(`the Jupyter double resolves the hub server to HUB/user/${HUB_USER}/ with a token and lists its kernels`, 60_000, async () => {
      const server = await resolvedBy('the hub server in the jupyter-double report', (s) =>
        s.resolved.baseUrl === `${servers.hub.url}user/${HUB_USER}/` && s.resolved.hasToken && (s.kernelspecs || []).length > 0);
      return `${server.label} -> ${server.resolved.baseUrl}, kernelspecs ${server.kernelspecs.join(', ')}`;
    });
  }
  await step("Jupyter's kernel picker offers an SSH host, an existing server's URL and a JupyterHub", 20_000, async () => {
    const collection = await waitFor('the collection in the jupyter-double report', 15_000, async () =>
      readReport()?.collections.find((c) => c.id === collectionId && !c.disposed && (c.commands || []).length > 0), 1000);
    const labels = collection.commands.map((c) => c.label);
    for (const wanted of ['SSH host', 'Existing Jupyter server URL', 'JupyterHub']) {
      if (!labels.some((l) => l.includes(wanted))) throw new Error(`no "${wanted}" command in ${JSON.stringify(labels)}`);
    }
    return labels.join(' | ');
  });
  if (urlAdded || hubStarted) {
    await step('neither password appears in any VS Code log', 20_000, async () => {
      const files = ui.listFiles(path.join(ui.userDataDir, 'logs'));
      for (const f of files) {
        const text = fs.readFileSync(f, 'latin1');
        for (const [name, secret] of [['jupyter', servers.jupyter.password], ['hub', servers.hub.password]]) {
          if (text.includes(secret)) throw new Error(`the ${name} password appears in ${path.basename(f)}`);
        }
      }
      return `${files.length} log files scanned`;
    });
  }
  return servers;
}

export async function closeSourceServers(servers) {
  await Promise.all([servers.jupyter?.close(), servers.hub?.close()].filter(Boolean));
}
