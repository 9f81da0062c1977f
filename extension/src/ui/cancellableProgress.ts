import * as vscode from 'vscode';
import type { ProgressValue } from '../sidecar/contract';

/** Thrown out of a flow when the person pressed Cancel on its progress notification: not a failure to show. */
export class Cancelled extends Error {}

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
