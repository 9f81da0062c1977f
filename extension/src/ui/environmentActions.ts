import * as vscode from 'vscode';
import type { HostConnection } from '../sessions/hostConnection';
import { kernelNamePattern, suggestedKernelName } from '../sessions/kernelNames';
import type { ServerSessions } from '../sessions/serverSessions';
import type { CreateEnvironmentParams, EnvironmentInfo } from '../sidecar/contract';
import { environmentLabel } from './environmentPicker';
import { showError } from './errorNotification';


type Kind = CreateEnvironmentParams['kind'];

/**
 * Environment actions from the Hosts view: create one (venv, conda, uv) with packages and a kernel, register
 * an existing one as a kernel, delete one. The sidecar does the work; this only asks and shows progress.
 */
export class EnvironmentActions {
  constructor(
    private readonly sessions: ServerSessions,
    private readonly log: vscode.LogOutputChannel,
    private readonly refresh: () => void,
  ) {}

  async create(connection: HostConnection): Promise<void> {
    const kind = await vscode.window.showQuickPick(
      [
        { label: 'venv', envKind: 'venv' as Kind, detail: 'python -m venv: needs only Python on the host' },
        { label: 'conda', envKind: 'conda' as Kind, detail: 'conda, mamba or micromamba from your login PATH; a bare name means -n NAME' },
        { label: 'uv', envKind: 'uv' as Kind, detail: 'uv venv + uv pip install' },
      ],
      { title: `New Environment on ${connection.alias}`, placeHolder: 'What kind of environment?' },
    );
    if (!kind) {
      return;
    }
    const path = await vscode.window.showInputBox({
      title: `New ${kind.label} on ${connection.alias}`,
      prompt: kind.envKind === 'conda' ? 'A path (~/envs/torch) or a conda environment name (torch)' : 'Path of the new environment (~ is your home there)',
      value: kind.envKind === 'conda' ? 'torch' : '~/venvs/torch',
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() === '' ? 'Enter a path.' : kind.envKind !== 'conda' && !/^(~\/|\/)/.test(text.trim()) ? 'Start with / or ~/.' : undefined),
    });
    if (!path) {
      return;
    }
    const packages = await vscode.window.showInputBox({
      title: `Packages for ${path}`,
      prompt: 'Packages to install, separated by spaces (empty for none); ipykernel is added for the kernel',
      placeHolder: 'numpy pandas>=2.2',
      ignoreFocusOut: true,
    });
    if (packages === undefined) {
      return;
    }
    const kernelName = await this.askKernelName(suggestedKernelName(path.trim()), 'Register it as a Jupyter kernel named… (empty: no kernel)', true);
    if (kernelName === undefined) {
      return;
    }
    const params: CreateEnvironmentParams = {
      kind: kind.envKind,
      path: path.trim(),
      packages: packages.split(/[\s,]+/).filter((p) => p !== ''),
      systemSitePackages: kind.envKind === 'venv' ? true : undefined,
      kernelName: kernelName || undefined,
    };
    try {
      const created = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Creating ${params.path} on ${connection.alias}`, cancellable: true },
        (progress, token) =>
          this.sessions.createEnvironment(connection, params, {
            token,
            onProgress: (value) => {
              this.log.info(`[${value.stage}] ${value.message}`);
              progress.report({ message: value.message.slice(0, 120) });
            },
          }),
      );
      this.refresh();
      void vscode.window.showInformationMessage(
        `Created ${created.path} (Python ${created.version})` + (created.kernel ? `, registered as kernel ${created.kernel.name}.` : '.'),
      );
    } catch (error) {
      await showError(error, this.log);
    }
  }

  async registerKernel(connection: HostConnection, environment: EnvironmentInfo): Promise<void> {
    const name = await this.askKernelName(suggestedKernelName(environment.path), `Kernel name for ${environment.pythonPath}`, false);
    if (!name) {
      return;
    }
    try {
      const kernel = await this.sessions.registerKernel(connection, environment.pythonPath, name, `${environmentLabel(environment)} (Python ${environment.version})`);
      this.refresh();
      void vscode.window.showInformationMessage(
        `Registered kernel ${kernel.name}` + (kernel.repaired ? `; its kernel.json named another interpreter and now runs ${kernel.pythonPath}.` : '.'),
      );
    } catch (error) {
      await showError(error, this.log);
    }
  }

  async delete(connection: HostConnection, environment: EnvironmentInfo): Promise<void> {
    if (environment.kind === 'system') {
      void vscode.window.showWarningMessage(`${environment.pythonPath} is a system Python; Remote Jupyter only deletes environments it can remove safely.`);
      return;
    }
    const confirm = await vscode.window.showWarningMessage(
      `Delete ${environment.path} on ${connection.alias}?`,
      { modal: true, detail: 'The folder is removed from the host, with your kernels that run it. This cannot be undone.' },
      'Delete',
    );
    if (confirm !== 'Delete') {
      return;
    }
    try {
      const deleted = await this.sessions.deleteEnvironment(connection, environment.path);
      this.refresh();
      void vscode.window.showInformationMessage(
        `Deleted ${deleted.path}` + (deleted.removedKernels.length > 0 ? ` and ${deleted.removedKernels.length} kernel(s).` : '.'),
      );
    } catch (error) {
      await showError(error, this.log);
    }
  }

  private askKernelName(value: string, prompt: string, optional: boolean): Thenable<string | undefined> {
    return vscode.window.showInputBox({
      title: 'Jupyter Kernel',
      prompt,
      value,
      ignoreFocusOut: true,
      validateInput: (text) =>
        (optional && text === '') || kernelNamePattern.test(text) ? undefined : 'Use only letters, digits, ".", "_" and "-".',
    });
  }
}
