import * as vscode from 'vscode';
import type { ProgressValue } from '../sidecar/contract';
import { withCancellableProgress } from './cancellableProgress';
import type { PickItem, SlurmPrompter } from './slurmPrompter';

/** The Slurm flow's dialogs in VS Code: a QuickPick that can highlight the last choice, input boxes, notifications. */
export class VscodeSlurmPrompter implements SlurmPrompter {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  pick<T extends PickItem>(items: T[], options: { title: string; placeHolder?: string; active?: T }): Promise<T | undefined> {
    // showQuickPick cannot preselect a row; createQuickPick's activeItems can.
    const quickPick = vscode.window.createQuickPick<T>();
    quickPick.title = options.title;
    quickPick.placeholder = options.placeHolder;
    quickPick.items = items;
    quickPick.matchOnDescription = true;
    quickPick.ignoreFocusOut = true;
    if (options.active) {
      quickPick.activeItems = [options.active];
    }
    return new Promise<T | undefined>((resolve) => {
      let picked: T | undefined;
      quickPick.onDidAccept(() => {
        picked = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
        quickPick.hide();
      });
      quickPick.onDidHide(() => {
        quickPick.dispose();
        resolve(picked);
      });
      quickPick.show();
    });
  }

  async input(options: { title: string; prompt: string; value: string; placeHolder?: string; validate: (text: string) => string | undefined }): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      value: options.value,
      placeHolder: options.placeHolder,
      ignoreFocusOut: true,
      validateInput: options.validate,
    });
  }

  progress<T>(title: string, work: (token: vscode.CancellationToken, onProgress: (value: ProgressValue) => void) => Promise<T>): Promise<T> {
    // Slurm's queue state arrives as 'output' values ("Job 12 PENDING (Resources)"): show those too.
    return withCancellableProgress(title, this.log, work, (value) => value.state !== 'step');
  }

  async error(message: string, ...actions: string[]): Promise<string | undefined> {
    const choice = await vscode.window.showErrorMessage(message, ...actions, 'Show Log');
    if (choice === 'Show Log') {
      this.log.show();
      return undefined;
    }
    return choice;
  }

  async warning(message: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showWarningMessage(message, ...actions);
  }

  info(message: string): void {
    void vscode.window.showInformationMessage(message);
  }
}
