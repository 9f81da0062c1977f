// End-to-end steps for a Slurm cluster: "Connect Remote Jupyter" → host → "Run on a compute node…" → partition →
// "Submit job" → Jupyter in a Slurm job on the test-host's one-node cluster, tunnelled through the login node and
// handed to the Jupyter double; the Hosts tree shows cluster → partition → job; the job is stopped with the CLI.
import { spawnSync } from 'node:child_process';

/** `ui` holds run.mjs's page helpers: { page, step, waitFor, waitForQuickPick, quickPickRows, readReport, runCommand, statusBarTexts, showHostsView, collectionId, sidecar }. */
export async function runSlurmSteps(host, ui) {
  const { page, step, waitFor, waitForQuickPick, quickPickRows, readReport, runCommand, statusBarTexts, showHostsView, collectionId, sidecar } = ui;
  const partition = host.slurm.partition;
  let jobId = null;

  const started = await step(`"Connect Remote Jupyter" → host → "Run on a compute node…" → ${partition} → "Submit job"; status bar shows the job and its walltime left`, 180_000, async () => {
    await page.keyboard.press('Escape').catch(() => {});
    await runCommand('Connect Remote Jupyter');
    await waitForQuickPick('Select an SSH host', 30_000);
    await quickPickRows().filter({ hasText: host.alias }).first().click();
    await waitForQuickPick('Select a Python environment', 60_000);
    const compute = quickPickRows().filter({ hasText: 'Run on a compute node' }).first();
    await compute.waitFor({ state: 'visible', timeout: 60_000 });
    const computeText = (await compute.textContent()).replace(/\s+/g, ' ').trim();
    await compute.click();
    await waitForQuickPick('Slurm partition', 30_000);
    const row = quickPickRows().filter({ hasText: partition }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    const partitionText = (await row.textContent()).replace(/\s+/g, ' ').trim();
    await row.click();
    await waitForQuickPick('Slurm job', 30_000);
    await quickPickRows().filter({ hasText: 'Submit job' }).first().click();
    const item = await waitFor('a status bar item for the Slurm job', 150_000, async () =>
      (await statusBarTexts()).find((i) => i.text.includes(host.alias) && /job \d+/.test(i.text)), 500);
    jobId = item.text.match(/job (\d+)/)[1];
    // The job asked for 30 minutes (the settings' default): the item counts them down.
    if (!/\b0:(29|30) left\b/.test(item.text)) throw new Error(`the status bar item shows no walltime left: "${item.text}"`);
    return `${computeText} → ${partitionText} → "${item.text}"`;
  });
  if (!started) return false;

  await step('the Jupyter double resolves the Slurm server to http://127.0.0.1:PORT/ and lists python3', 60_000, async () => {
    const server = await waitFor('the Slurm server in the jupyter-double report', 50_000, async () => {
      const collection = readReport()?.collections.find((c) => c.id === collectionId && !c.disposed);
      return collection?.servers.find((s) => s.label.includes(`job ${jobId}`) && s.resolved && /^http:\/\/127\.0\.0\.1:\d+\/$/.test(s.resolved.baseUrl) && (s.kernelspecs || []).includes('python3'));
    }, 1000);
    return `${server.label} -> ${server.resolved.baseUrl}`;
  });

  await step(`the Hosts tree shows "Slurm cluster" → ${partition} → job ${jobId}`, 40_000, async () => {
    const sidebar = await showHostsView();
    const cluster = sidebar.locator('.monaco-list-row', { hasText: 'Slurm cluster' }).first();
    await cluster.waitFor({ state: 'visible', timeout: 20_000 });
    if ((await cluster.getAttribute('aria-expanded')) !== 'true') await cluster.click();
    const part = sidebar.locator('.monaco-list-row', { hasText: partition }).first();
    await part.waitFor({ state: 'visible', timeout: 15_000 });
    if ((await part.getAttribute('aria-expanded')) !== 'true') await part.click();
    const job = sidebar.locator('.monaco-list-row', { hasText: new RegExp(`\\bJob ${jobId}(?!\\d)`) }).first();
    await job.waitFor({ state: 'visible', timeout: 15_000 });
    // A tree item id given twice (one server under two parents) breaks the whole view's rendering.
    const duplicate = page.locator('.notifications-toasts .notification-list-item', { hasText: 'is already registered' });
    if (await duplicate.count()) throw new Error((await duplicate.first().textContent()).trim());
    return (await job.textContent()).replace(/\s+/g, ' ').trim();
  });

  await step(`job ${jobId} stops (sidecar stop) and leaves no job in squeue`, 60_000, async () => {
    const common = ['-F', host.sshConfigPath, '--accept-new-host-key'];
    const jobs = spawnSync(sidecar, ['jobs', ...common, host.alias], { encoding: 'utf8', timeout: 30_000 });
    const line = (jobs.stdout || '').split('\n').find((l) => l.split(/\s+/).includes(jobId));
    if (!line) throw new Error(`\`jobs\` does not list job ${jobId}: ${(jobs.stdout + jobs.stderr).trim().slice(0, 300)}`);
    const serverId = line.trim().split(/\s+/)[0];
    const stop = spawnSync(sidecar, ['stop', ...common, host.alias, serverId], { encoding: 'utf8', timeout: 30_000 });
    if (stop.status !== 0) throw new Error(`stop exited ${stop.status}: ${(stop.stderr || '').trim().slice(0, 300)}`);
    const left = spawnSync('squeue', ['-h', '-j', jobId, '-o', '%T'], { encoding: 'utf8', env: { ...process.env, SLURM_CONF: host.slurm.confPath } });
    if ((left.stdout || '').trim()) throw new Error(`squeue still lists job ${jobId}: ${left.stdout.trim()}`);
    return stop.stdout.trim();
  });
  return true;
}
