/**
 * Where the client writes: in VS Code a LogOutputChannel has exactly these methods; tests pass an
 * array-backed fake. Injected so this folder never imports 'vscode'.
 */
export interface SidecarLogger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** How much of the RPC traffic goes to the log (setting `remoteJupyter.trace.server`). */
export type TraceLevel = 'off' | 'messages' | 'verbose';
