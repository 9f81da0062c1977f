import { ChildProcess, spawn } from 'child_process';
import * as readline from 'readline';
import {
  CancellationToken,
  Emitter,
  Event,
  MessageConnection,
  ParameterStructures,
  ProgressType,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
} from 'vscode-jsonrpc/node';
import type { Disposable } from '../lifecycle/disposableStore';
import { State, StateChangeEvent } from './clientState';
import {
  CertificatePromptRequest,
  ConnectionStateChange,
  ConnectionStateNotification,
  HostKeyPromptRequest,
  InitializeRequest,
  InitializeResult,
  ProgressValue,
  SecretPromptRequest,
  ServerLogLines,
  ServerLogNotification,
  ServersChanged,
  ServersChangedNotification,
  ShutdownRequest,
  protocolVersion,
} from './contract';
import { MessageTracer } from './messageTracer';
import type { PromptHandlers } from './promptHandlers';
import { RestartBudget } from './restartBudget';
import { Executable, ensureExecutable } from './sidecarExecutable';
import type { SidecarLogger, TraceLevel } from './sidecarLogger';
import { StderrLog } from './stderrLog';
import { TracedReader, TracedWriter } from './tracedTransport';

export interface SidecarClientOptions {
  /** A function is asked again at every (re)start, so a changed log level applies then. */
  executable: Executable | (() => Executable);
  clientName: string;
  clientVersion?: string;
  logger: SidecarLogger;
  prompts: PromptHandlers;
  trace?: TraceLevel;
  restartBudget?: RestartBudget;
  env?: NodeJS.ProcessEnv;
}

export interface RequestOptions {
  token?: CancellationToken;
  /** Called for each `$/progress` the sidecar reports for this request. */
  onProgress?: (value: ProgressValue) => void;
}

const progressType = new ProgressType<ProgressValue>();

/** How long `stop()` lets the process exit on its own after `shutdown` before killing it. */
const exitGraceMs = 2000;

/**
 * The sidecar process and the JSON-RPC connection to it, shaped like vscode-languageclient's
 * LanguageClient: a State with change events, start()/stop(), and restarts after crashes within a
 * budget. Callers get `onDidRestart` to re-establish what the old process held (tunnels).
 */
export class SidecarClient implements Disposable {
  private currentState = State.Stopped;
  private child: ChildProcess | undefined;
  private connection: MessageConnection | undefined;
  private starting: Promise<void> | undefined;
  private stopRequested = false;
  private disposed = false;
  private nextProgressToken = 1;
  private initialized: InitializeResult | undefined;
  private readonly tracer: MessageTracer;
  private readonly budget: RestartBudget;
  private readonly stateEmitter = new Emitter<StateChangeEvent>();
  private readonly restartEmitter = new Emitter<void>();
  private readonly giveUpEmitter = new Emitter<string>();
  private readonly connectionStateEmitter = new Emitter<ConnectionStateChange>();
  private readonly serversChangedEmitter = new Emitter<ServersChanged>();
  private readonly serverLogEmitter = new Emitter<ServerLogLines>();

  readonly onDidChangeState: Event<StateChangeEvent> = this.stateEmitter.event;
  /** A crashed (or deliberately restarted) sidecar runs again; its connections and tunnels are gone. */
  readonly onDidRestart: Event<void> = this.restartEmitter.event;
  /** The restart budget is spent; the message says so for the person. */
  readonly onDidGiveUp: Event<string> = this.giveUpEmitter.event;
  /** `connection/state` notifications: an SSH connection was lost. */
  readonly onConnectionState: Event<ConnectionStateChange> = this.connectionStateEmitter.event;
  /** `servers/changed` notifications: a server was started, reattached to or stopped. */
  readonly onServersChanged: Event<ServersChanged> = this.serversChangedEmitter.event;
  /** `servers/log` notifications: lines of a log some `servers/logs` request with follow is following. */
  readonly onServerLog: Event<ServerLogLines> = this.serverLogEmitter.event;

  constructor(private readonly options: SidecarClientOptions) {
    this.tracer = new MessageTracer(options.logger, options.trace ?? 'off');
    this.budget = options.restartBudget ?? new RestartBudget();
  }

  get state(): State {
    return this.currentState;
  }

  /** The process id of the running sidecar, if any (tests kill it to simulate a crash). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get serverInfo(): InitializeResult | undefined {
    return this.initialized;
  }

  setTrace(level: TraceLevel): void {
    this.tracer.level = level;
  }

  /** Starts the sidecar unless it runs; resolves once `initialize` has answered. */
  start(): Promise<void> {
    if (this.disposed) {
      return Promise.reject(new Error('The Remote Jupyter sidecar client has been disposed.'));
    }
    if (this.currentState === State.Running) {
      return Promise.resolve();
    }
    if (this.starting) {
      return this.starting;
    }
    // A start someone asked for gets a fresh crash budget.
    this.budget.reset();
    return this.track(this.launch());
  }

  /** `shutdown`, then up to 2 s for the process to exit, then SIGKILL. */
  async stop(timeoutMs = 2000): Promise<void> {
    this.stopRequested = true;
    try {
      if (this.starting) {
        await this.starting.catch(() => undefined);
      }
      const child = this.child;
      const connection = this.connection;
      if (!child || !connection || child.exitCode !== null || child.signalCode !== null) {
        this.cleanUp();
        this.setState(State.Stopped);
        return;
      }
      const exited = exitOf(child);
      try {
        await withTimeout(connection.sendRequest(ShutdownRequest.method, ParameterStructures.byName, {}), timeoutMs);
      } catch (error) {
        this.options.logger.warn(`The sidecar did not answer shutdown: ${String(error)}`);
      }
      connection.end();
      if (!(await withTimeout(exited, exitGraceMs).then(() => true, () => false))) {
        this.options.logger.warn(`The sidecar (pid ${child.pid}) did not exit; killing it.`);
        child.kill('SIGKILL');
        await exited;
      }
      this.cleanUp();
      this.setState(State.Stopped);
    } finally {
      this.stopRequested = false;
    }
  }

  /** Stops and starts again; listeners of onDidRestart re-establish tunnels as after a crash. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
    this.restartEmitter.fire();
  }

  async sendRequest<R>(method: string, params: object, options: RequestOptions = {}): Promise<R> {
    const connection = await this.ensureRunning();
    let progress: Disposable | undefined;
    let sent: object = params;
    if (options.onProgress) {
      const token = this.nextProgressToken++;
      progress = connection.onProgress(progressType, token, options.onProgress);
      sent = { ...params, progress: token };
    }
    try {
      return await connection.sendRequest<R>(method, ParameterStructures.byName, sent, options.token ?? CancellationToken.None);
    } finally {
      progress?.dispose();
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    await this.stop();
    this.stateEmitter.dispose();
    this.restartEmitter.dispose();
    this.giveUpEmitter.dispose();
    this.connectionStateEmitter.dispose();
    this.serversChangedEmitter.dispose();
    this.serverLogEmitter.dispose();
  }

  /** The sidecar starts on first use, not at activation. */
  private async ensureRunning(): Promise<MessageConnection> {
    while (this.starting) {
      await this.starting.catch(() => undefined);
    }
    if (this.currentState !== State.Running) {
      await this.start();
    }
    if (!this.connection) {
      throw new Error('The Remote Jupyter sidecar is not running.');
    }
    return this.connection;
  }

  private track(promise: Promise<void>): Promise<void> {
    this.starting = promise;
    const clear = () => {
      if (this.starting === promise) {
        this.starting = undefined;
      }
    };
    promise.then(clear, clear);
    return promise;
  }

  private async launch(): Promise<void> {
    const executable = this.options.executable;
    const { command, args } = typeof executable === 'function' ? executable() : executable;
    const logger = this.options.logger;
    this.setState(State.Starting);
    ensureExecutable(command);
    logger.info(`Starting the sidecar: ${command} ${args.join(' ')}`);
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: this.options.env ?? process.env });
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } catch (error) {
      this.setState(State.Stopped);
      throw new Error(`Could not start the Remote Jupyter sidecar ${command}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.child = child;
    const stderr = new StderrLog(logger);
    readline.createInterface({ input: child.stderr! }).on('line', (line) => stderr.write(line));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));

    const connection = createMessageConnection(
      new TracedReader(new StreamMessageReader(child.stdout!), this.tracer),
      new TracedWriter(new StreamMessageWriter(child.stdin!), this.tracer),
      { error: (m) => logger.error(m), warn: (m) => logger.warn(m), info: (m) => logger.debug(m), log: (m) => logger.debug(m) },
    );
    connection.onRequest(HostKeyPromptRequest.method, (params: HostKeyPromptRequest.Params, token) => this.options.prompts.hostKey(params, token));
    connection.onRequest(SecretPromptRequest.method, (params: SecretPromptRequest.Params, token) => this.options.prompts.secret(params, token));
    connection.onRequest(CertificatePromptRequest.method, (params: CertificatePromptRequest.Params, token) => this.options.prompts.certificate(params, token));
    connection.onNotification(ConnectionStateNotification.method, (params: ConnectionStateNotification.Params) => {
      logger.warn(`Connection ${params.connectionId} ${params.state}: ${params.message}`);
      this.connectionStateEmitter.fire(params);
    });
    connection.onNotification(ServersChangedNotification.method, (params: ServersChangedNotification.Params) => {
      logger.debug(`Server ${params.serverId} on connection ${params.connectionId}: ${params.change}`);
      this.serversChangedEmitter.fire(params);
    });
    connection.onNotification(ServerLogNotification.method, (params: ServerLogNotification.Params) => this.serverLogEmitter.fire(params));
    connection.onError(([error]) => logger.error(`RPC transport error: ${error.message}`));
    // Writing to a dead process's stdin raises EPIPE on the stream; the exit handler deals with it.
    child.stdin!.on('error', (error) => logger.debug(`sidecar stdin: ${error.message}`));
    connection.listen();
    this.connection = connection;

    try {
      const params: InitializeRequest.Params = { clientName: this.options.clientName, clientVersion: this.options.clientVersion };
      const result = await connection.sendRequest<InitializeRequest.Result>(InitializeRequest.method, ParameterStructures.byName, params);
      this.initialized = result;
      if (result.protocolVersion !== protocolVersion) {
        logger.warn(`The sidecar speaks protocol ${result.protocolVersion}; this extension expects ${protocolVersion}.`);
      }
      logger.info(`Sidecar ${result.serverName} ${result.serverVersion} running (pid ${child.pid}).`);
    } catch (error) {
      child.kill('SIGKILL');
      this.cleanUp();
      this.setState(State.Stopped);
      throw new Error(`The Remote Jupyter sidecar did not initialize: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.setState(State.Running);
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) {
      return;
    }
    const wasRunning = this.currentState === State.Running;
    this.cleanUp();
    if (this.stopRequested || this.disposed || !wasRunning) {
      // Deliberate stops finish in stop(); a failed start is reported by launch().
      return;
    }
    this.options.logger.error(`The sidecar exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`}).`);
    this.setState(State.Stopped);
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const delay = this.budget.next();
    if (delay === undefined) {
      const message = `The Remote Jupyter sidecar crashed ${this.budget.maxRestarts + 1} times in ${this.budget.windowMs / 60_000} minutes and will not be restarted automatically. See the "Remote Jupyter" output; the next action starts it again.`;
      this.options.logger.error(message);
      this.giveUpEmitter.fire(message);
      return;
    }
    this.options.logger.warn(`Restarting the sidecar in ${delay} ms.`);
    this.setState(State.Starting);
    void this.track(
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (this.stopRequested || this.disposed) {
          this.setState(State.Stopped);
          return;
        }
        try {
          await this.launch();
        } catch (error) {
          this.options.logger.error(String(error));
          this.scheduleRestart();
          return;
        }
        this.restartEmitter.fire();
      })(),
    );
  }

  private cleanUp(): void {
    this.connection?.dispose();
    this.connection = undefined;
    this.child = undefined;
    this.tracer.clear();
  }

  private setState(newState: State): void {
    const oldState = this.currentState;
    if (oldState !== newState) {
      this.currentState = newState;
      this.stateEmitter.fire({ oldState, newState });
    }
  }
}

function exitOf(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
