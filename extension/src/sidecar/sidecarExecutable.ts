import * as fs from 'fs';
import * as path from 'path';

/** The program to spawn and its arguments, like vscode-languageclient's `Executable`. */
export interface Executable {
  command: string;
  args: string[];
}

/** The sidecar's own log level (setting `remoteJupyter.logLevel`), passed as -v, -vv or -vvv. */
export type SidecarLogLevel = 'info' | 'debug' | 'trace';

/** Environment variable that points tests (and developers) at another sidecar build. */
export const sidecarOverrideVariable = 'REMOTE_JUPYTER_SIDECAR';

/** Where the sidecar is: the override if set, else the copy packaged under dist/sidecar/. */
export function sidecarPath(extensionRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const override = env[sidecarOverrideVariable];
  return override && override.trim() !== '' ? override : path.join(extensionRoot, 'dist', 'sidecar', 'remote-jupyter');
}

/**
 * The `--stdio` command line. `--client-pid` makes the sidecar exit with this process even when the
 * extension host dies without a chance to send `shutdown`.
 */
export function stdioExecutable(command: string, logLevel: SidecarLogLevel = 'info', clientPid = process.pid): Executable {
  const verbosity = { info: '-v', debug: '-vv', trace: '-vvv' }[logLevel];
  return { command, args: ['--stdio', '--client-pid', String(clientPid), verbosity] };
}

/**
 * Zip archives do not always keep the executable bit (a .vsix is one), so restore it before
 * spawning rather than fail with EACCES.
 */
export function ensureExecutable(command: string): void {
  try {
    const mode = fs.statSync(command).mode;
    if ((mode & 0o100) === 0) {
      fs.chmodSync(command, mode | 0o755);
    }
  } catch {
    // Missing file: spawn reports it with a clearer error than stat would.
  }
}
