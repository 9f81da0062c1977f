import * as vscode from 'vscode';
import type { ProgressValue } from '../sidecar/contract';
import { Cancelled } from './cancelled';

// Kept apart (no 'vscode' import) so flows that tests drive can throw and catch it.
export { Cancelled };

/**
 * Runs `work` under a cancellable progress notification. Every sidecar progress value is logged; those
 * `shown` accepts become the notification's message. After Cancel, whatever the request ended with is
 * the cancellation, so it is rethrown as {@link Cancelled}.
 */
export function withCancellableProgress<T>(
  title: string,
  log: vscode.LogOutputChannel,
  work: (token: vscode.CancellationToken, onProgress: (value: ProgressValue) => void) => Promise<T>,
  shown: (value: ProgressValue) => boolean = () => true,
): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      try {
        return await work(token, (value) => {
          log.info(`[${value.stage}] ${value.message}`);
          if (shown(value)) {
            progress.report({ message: value.message });
          }
        });
      } catch (error) {
        throw token.isCancellationRequested ? new Cancelled() : error;
      }
    }),
  );
}
