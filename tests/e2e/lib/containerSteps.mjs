// End-to-end steps for a container environment: "Connect Remote Jupyter" → host → a podman image →
// Jupyter in a rootless container on the throwaway sshd's test user, handed to the Jupyter double.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const IMAGE_LABEL = 'rj-jupyter:bookworm';

/** `ui` holds run.mjs's page helpers: { page, step, waitFor, waitForQuickPick, quickPickRows, readReport, runCommand, statusBarTexts, collectionId }. */
export async function runContainerSteps(repo, host, ui) {
  const { page, step, waitFor, waitForQuickPick, quickPickRows, readReport, runCommand, statusBarTexts, collectionId } = ui;
  const ready = await step(`rootless podman and ${IMAGE_LABEL} are set up for ${host.userName}`, 300_000, async () => {
    // The same script the C# tests use; about 1 s when they already ran, ~2 min on a machine without the cached image.
    const setup = spawnSync(path.join(repo, 'tests', 'containers', 'setup-podman-user.sh'), [host.userName], { encoding: 'utf8', timeout: 290_000 });
    if (setup.status !== 0) throw new Error(`setup-podman-user.sh exited ${setup.status}: ${(setup.stderr || '').trim().slice(-400)}`);
    const json = JSON.parse(setup.stdout.trim().split('\n').pop());
    return `${json.image} in ${json.seconds} s`;
  });
  if (!ready) return false;

  const started = await step(`"Connect Remote Jupyter" → host → ${IMAGE_LABEL} → Jupyter in a container; status bar shows it`, 180_000, async () => {
    await page.keyboard.press('Escape').catch(() => {});
    await runCommand('Connect Remote Jupyter');
    await waitForQuickPick('Select an SSH host', 30_000);
    await quickPickRows().filter({ hasText: host.alias }).first().click();
    await waitForQuickPick('Select a Python environment', 60_000);
    const row = quickPickRows().filter({ hasText: IMAGE_LABEL }).first();
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    const text = (await row.textContent()).replace(/\s+/g, ' ').trim();
    await row.click();
    const item = await waitFor('a status bar item for the container server', 150_000, async () =>
      (await statusBarTexts()).find((i) => i.text.includes(host.alias) && i.text.includes(IMAGE_LABEL)), 500);
    return `${text} → "${item.text}"`;
  });
  if (!started) return false;

  await step('the Jupyter double resolves the container server to http://127.0.0.1:PORT/ and lists python3', 60_000, async () => {
    const server = await waitFor('the container server in the jupyter-double report', 50_000, async () => {
      const collection = readReport()?.collections.find((c) => c.id === collectionId && !c.disposed);
      return collection?.servers.find((s) => s.label.includes(IMAGE_LABEL) && s.resolved && /^http:\/\/127\.0\.0\.1:\d+\/$/.test(s.resolved.baseUrl) && (s.kernelspecs || []).includes('python3'));
    }, 1000);
    return `${server.label} -> ${server.resolved.baseUrl}`;
  });
  return true;
}
