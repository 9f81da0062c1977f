import type { CancellationToken } from 'vscode-jsonrpc';
import type { ProgressValue } from '../sidecar/contract';

/** A row of a pick: what VS Code's QuickPickItem has that the Slurm flow uses. */
export interface PickItem {
  label: string;
  description?: string;
  detail?: string;
}

/**
 * The dialogs the Slurm flow asks through, so tests can answer them by label (VS Code's own
 * implementation is in vscodeSlurmPrompter.ts). `undefined` means the person backed out.
 */
export interface SlurmPrompter {
  /** A single pick; `active` is the row highlighted at first (the last or default choice). */
  pick<T extends PickItem>(items: T[], options: { title: string; placeHolder?: string; active?: T }): Promise<T | undefined>;
  input(options: { title: string; prompt: string; value: string; placeHolder?: string; validate: (text: string) => string | undefined }): Promise<string | undefined>;
  /** Runs `work` under a cancellable progress notification; throws Cancelled when the person cancelled. */
  progress<T>(title: string, work: (token: CancellationToken, onProgress: (value: ProgressValue) => void) => Promise<T>): Promise<T>;
  /** An error notification with buttons; resolves to the button pressed. */
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  warning(message: string, ...actions: string[]): Promise<string | undefined>;
  info(message: string): void;
}
