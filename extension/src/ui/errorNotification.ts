import * as vscode from 'vscode';
import { errorMessage, isCancelled } from '../sidecar/sidecarError';

/**
 * Shows a failure as the sidecar worded it (its messages say what to do), with a way to the log.
 * Cancellations are the person's own choice and are not reported.
 */
export async function showError(error: unknown, log: vscode.LogOutputChannel): Promise<void> {
  if (isCancelled(error)) {
    return;
  }
  const message = errorMessage(error);
  log.error(message);
  if ((await vscode.window.showErrorMessage(message, 'Show Log')) === 'Show Log') {
    log.show();
  }
}
