import { ErrorCodes, ResponseError } from 'vscode-jsonrpc';
import type { ErrorData } from './contract';

/** JSON-RPC's 'request cancelled' code (LSP and StreamJsonRpc agree on it). */
const requestCancelled = -32800;

/** The stable `data.name` of a sidecar failure (hostKeyNotTrusted, jupyterMissing, …), if it has one. */
export function errorName(error: unknown): string | undefined {
  if (error instanceof ResponseError) {
    const data = error.data as Partial<ErrorData> | undefined;
    return typeof data?.name === 'string' ? data.name : undefined;
  }
  return undefined;
}

/** True when the request ended because someone cancelled it (the person, or a closed dialog). */
export function isCancelled(error: unknown): boolean {
  return (
    errorName(error) === 'cancelled' ||
    (error instanceof ResponseError && error.code === requestCancelled)
  );
}

/**
 * What to show the person. The sidecar's messages already say what to do, so they are shown as
 * they are; other errors (the process died, a bug) get a short prefix.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    if (error.code === ErrorCodes.PendingResponseRejected || error.code === ErrorCodes.ConnectionInactive) {
      return 'The Remote Jupyter sidecar stopped while working on this. It restarts by itself; try again.';
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
