import * as path from 'path';
import * as vscode from 'vscode';
import type { HostConnection } from '../sessions/hostConnection';
import type { ServerSessions } from '../sessions/serverSessions';
import type { EnvironmentInfo, EnvironmentParams, SlurmInfo } from '../sidecar/contract';
import { presetEnvironment, type RemoteJupyterSettings } from '../settings/remoteJupyterSettings';
import { errorMessage } from '../sidecar/sidecarError';
import { ContainerItem, containerChoice, containerItems } from './containerChoices';
import { SlurmChoice, SlurmItem, slurmItems } from './slurmChoices';

/** The environment servers/start gets, and its short name for labels. */
export interface EnvironmentChoice {
  params: EnvironmentParams;
  label: string;
}

export const createVenvLabel = '$(add) Create virtual environment…';

interface EnvironmentItem extends ContainerItem, SlurmItem {
  environment?: EnvironmentInfo;
  create?: boolean;
}

/**
 * "Select a Python environment": every Python on the host, those that cannot serve Jupyter
 * included but saying what they lack, a way to create a venv, and the container images of the
 * host's podman or docker (listed alongside, so a host without an engine costs nothing extra), and
 * "Run on a compute node…" when `slurm` (detected alongside) says the host has Slurm.
 */
export async function pickEnvironment(
  sessions: ServerSessions,
  connection: HostConnection,
  settings: RemoteJupyterSettings,
  slurm?: Promise<SlurmInfo | undefined>,
): Promise<EnvironmentChoice | SlurmChoice | undefined> {
  const preset = presetEnvironment(settings);
  if (preset) {
    return preset;
  }
  const containers = sessions.listContainers(connection).then(containerItems, (error: unknown) => {
    // Pythons still work without the container listing.
    void vscode.window.showWarningMessage(`Could not list container images on ${connection.alias}: ${errorMessage(error)}`);
    return [];
  });
  const environments = sessions.listEnvironments(connection);
  const items: Promise<EnvironmentItem[]> = Promise.all([environments.then(environmentItems), containers, (slurm ?? Promise.resolve(undefined)).then(slurmItems)]).then(
    ([pythons, images, cluster]) => [...pythons, ...cluster, ...images],
  );
  for (;;) {
    const picked = await vscode.window.showQuickPick<EnvironmentItem>(items, {
      placeHolder: 'Select a Python environment',
      title: `Python on ${connection.alias}`,
      matchOnDescription: true,
      matchOnDetail: true,
      ignoreFocusOut: true,
    });
    if (!picked) {
      return undefined;
    }
    if (picked.create) {
      return createVenv(connection, settings);
    }
    if (picked.slurm) {
      return { slurm: picked.slurm, environments: await environments };
    }
    if (picked.image || picked.action || picked.problem) {
      const choice = await containerChoice(sessions, connection, picked);
      if (choice) {
        return choice;
      }
      continue;
    }
    const env = picked.environment!;
    if (env.canServe) {
      return { params: { pythonPath: env.pythonPath }, label: environmentLabel(env) };
    }
    // Shown so the person sees why their Python is not usable, but starting it would only fail.
    await vscode.window.showWarningMessage(
      `${env.pythonPath} cannot run Jupyter: ${missing(env).join(' and ')} missing. Install it there, or pick "Create virtual environment…" with system site packages.`,
      { modal: true },
    );
  }
}

/** "torch" for ~/venvs/torch or the conda env torch; "Python 3.11.2" for a system interpreter. */
export function environmentLabel(env: Pick<EnvironmentInfo, 'kind' | 'pythonPath' | 'version'> & Partial<Pick<EnvironmentInfo, 'path' | 'name'>>): string {
  if (env.kind === 'system') {
    return `Python ${env.version}`;
  }
  const prefix = env.path ?? path.posix.dirname(path.posix.dirname(env.pythonPath));
  return env.name || path.posix.basename(prefix) || `Python ${env.version}`;
}

function environmentItems(environments: EnvironmentInfo[]): EnvironmentItem[] {
  const items: EnvironmentItem[] = environments.map((env) => ({
    label: env.kind === 'system' ? `Python ${env.version}` : `${environmentLabel(env)} · Python ${env.version}`,
    description: env.kind === 'system' ? env.pythonPath : env.path,
    detail: (env.canServe
      ? `$(check) jupyter_server and ipykernel installed`
      : `$(warning) Cannot serve Jupyter: ${missing(env).join(' and ')} missing`) +
      (env.kind === 'system' ? '' : ` · ${env.kind}`) +
      (env.kernelName ? ` · kernel ${env.kernelName}` : ''),
    environment: env,
  }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: createVenvLabel, detail: 'A new venv on the host, created when the server starts', create: true });
  return items;
}

function missing(env: EnvironmentInfo): string[] {
  return [...(env.hasJupyterServer ? [] : ['jupyter_server']), ...(env.hasIpykernel ? [] : ['ipykernel'])];
}

async function createVenv(connection: HostConnection, settings: RemoteJupyterSettings): Promise<EnvironmentChoice | undefined> {
  const venvPath = (
    await vscode.window.showInputBox({
      title: 'Create Virtual Environment',
      prompt: `Path of the new virtual environment on ${connection.alias} (~ is your home there)`,
      value: settings.venvPath,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() === '' ? 'Enter a path.' : undefined),
    })
  )?.trim();
  if (!venvPath) {
    return undefined;
  }
  const yes: vscode.QuickPickItem = { label: 'Yes', description: "The venv also sees the host's packages (e.g. a system Jupyter)" };
  const no: vscode.QuickPickItem = { label: 'No', description: 'An isolated venv: jupyter_server and ipykernel must be installed into it' };
  const answer = await vscode.window.showQuickPick(settings.systemSitePackages ? [yes, no] : [no, yes], {
    title: 'Create Virtual Environment',
    placeHolder: 'Use system site packages',
    ignoreFocusOut: true,
  });
  if (!answer) {
    return undefined;
  }
  return {
    params: { venvPath, systemSitePackages: answer === yes },
    label: path.posix.basename(venvPath.replace(/\/+$/, '')) || venvPath,
  };
}
