import * as path from 'path';
import * as vscode from 'vscode';
import type { HostConnection } from '../sessions/hostConnection';
import type { ServerSessions } from '../sessions/serverSessions';
import type { ContainerEngineCommand, ContainerImageInfo, ContainerList } from '../sidecar/contract';
import { errorMessage } from '../sidecar/sidecarError';
import type { EnvironmentChoice } from './environmentPicker';

/** A row of the environment picker that runs Jupyter in a container. */
export interface ContainerItem extends vscode.QuickPickItem {
  image?: ContainerImageInfo;
  /** Type an image name, or build from a Dockerfile folder on the host, with this engine. */
  action?: { kind: 'typeImage' | 'dockerfile'; engine: ContainerEngineCommand };
  /** An engine the person may not use: picking it explains why. */
  problem?: string;
}

/** "Containers (podman 4.3.1, rootless)": the engines' images, and ways to name or build one. */
export function containerItems(list: ContainerList): ContainerItem[] {
  const items: ContainerItem[] = [];
  for (const engine of list.engines) {
    items.push({ label: `Containers (${engine.command} ${engine.version}${engine.rootless ? ', rootless' : ''})`, kind: vscode.QuickPickItemKind.Separator });
    if (!engine.usable) {
      items.push({ label: `$(warning) ${engine.command} cannot be used here`, detail: engine.problem, problem: engine.problem ?? `${engine.command} is not usable.` });
      continue;
    }
    for (const image of list.images.filter((i) => i.engine === engine.command)) {
      items.push({
        label: `$(package) ${image.name}`,
        description: image.size,
        detail: image.hasJupyter === false ? '$(warning) No jupyter_server or ipykernel in this image' : `Jupyter in a ${engine.command} container · your folder mounted at the same path`,
        image,
      });
    }
    items.push({ label: '$(edit) Type an image name…', detail: `Any image ${engine.command} can run or pull`, action: { kind: 'typeImage', engine: engine.command } });
    items.push({ label: '$(tools) Build from a Dockerfile…', detail: 'A folder with a Dockerfile on the host; the build log shows as progress', action: { kind: 'dockerfile', engine: engine.command } });
  }
  return items;
}

/**
 * Turns a picked container row into servers/start's environment: a listed image is checked for
 * Jupyter first (one run of the image), so a missing package is explained before anything starts.
 */
export async function containerChoice(sessions: ServerSessions, connection: HostConnection, item: ContainerItem): Promise<EnvironmentChoice | undefined> {
  if (item.problem) {
    await vscode.window.showWarningMessage(item.problem, { modal: true });
    return undefined;
  }
  if (item.action?.kind === 'dockerfile') {
    const directory = (
      await vscode.window.showInputBox({
        title: 'Build from a Dockerfile',
        prompt: `The folder on ${connection.alias} that holds the Dockerfile (~ is your home there)`,
        ignoreFocusOut: true,
        validateInput: (text) => (text.trim() ? undefined : 'Enter a folder.'),
      })
    )?.trim();
    return directory ? { params: { dockerfile: directory, engine: item.action.engine }, label: path.posix.basename(directory.replace(/\/+$/, '')) || directory } : undefined;
  }
  const name =
    item.image?.name ??
    (
      await vscode.window.showInputBox({
        title: 'Container Image',
        prompt: `An image for ${item.action?.engine ?? 'the engine'} on ${connection.alias}, e.g. localhost/jupyter:latest`,
        ignoreFocusOut: true,
        validateInput: (text) => (/^\S+$/.test(text.trim()) ? undefined : 'Enter an image name without spaces.'),
      })
    )?.trim();
  if (!name) {
    return undefined;
  }
  const engine = item.image?.engine ?? item.action!.engine;
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking ${name} for Jupyter`, cancellable: true },
    (_, token) => sessions.checkImage(connection, name, engine, token).catch((error: unknown) => new Error(errorMessage(error))),
  );
  if (check instanceof Error) {
    await vscode.window.showErrorMessage(check.message, { modal: true });
    return undefined;
  }
  if (!check.hasJupyter) {
    await vscode.window.showWarningMessage(`${name} cannot run Jupyter.`, { modal: true, detail: check.advice ?? 'Install jupyter_server and ipykernel in the image.' });
    return undefined;
  }
  return { params: { image: name, engine }, label: imageLabel(name) };
}

/** "rj-jupyter:bookworm" for localhost/rj-jupyter:bookworm: the short name in labels. */
export function imageLabel(image: string): string {
  return image.replace(/^localhost\//, '');
}
