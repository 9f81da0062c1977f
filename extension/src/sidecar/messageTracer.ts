import { Message, NotificationMessage, RequestMessage, ResponseMessage } from 'vscode-jsonrpc';
import { redact, redacted } from './redaction';
import { SecretPromptRequest } from './contract';
import type { SidecarLogger, TraceLevel } from './sidecarLogger';

type Direction = 'send' | 'receive';

/**
 * Formats every JSON-RPC message for the log at the level of `remoteJupyter.trace.server`.
 * It sees whole messages (not vscode-jsonrpc's preformatted text) so it can redact secrets
 * structurally: the Jupyter token in results and params, and our answers to prompt/secret.
 */
export class MessageTracer {
  private readonly pending = new Map<string | number, { method: string; started: number }>();

  constructor(
    private readonly logger: SidecarLogger,
    public level: TraceLevel = 'off',
  ) {}

  trace(direction: Direction, message: Message): void {
    if (this.level === 'off') {
      return;
    }
    if (Message.isRequest(message)) {
      this.request(direction, message);
    } else if (Message.isResponse(message)) {
      this.response(direction, message);
    } else if (Message.isNotification(message)) {
      this.notification(direction, message);
    }
  }

  /** Forget requests that will never be answered (the process died). */
  clear(): void {
    this.pending.clear();
  }

  private request(direction: Direction, message: RequestMessage): void {
    this.pending.set(key(direction, message.id), { method: message.method, started: Date.now() });
    const verb = direction === 'send' ? 'Sending request' : 'Received request';
    this.write(`${verb} '${message.method} - (${String(message.id)})'.`, 'Params', message.params);
  }

  private response(direction: Direction, message: ResponseMessage): void {
    // A response travels the other way from its request.
    const requestKey = key(direction === 'send' ? 'receive' : 'send', message.id);
    const request = message.id === null ? undefined : this.pending.get(requestKey);
    this.pending.delete(requestKey);
    const method = request?.method ?? 'unknown';
    const elapsed = request ? ` in ${Date.now() - request.started}ms` : '';
    const verb = direction === 'send' ? 'Sending response' : 'Received response';
    const title = `${verb} '${method} - (${String(message.id)})'${elapsed}`;
    if (message.error) {
      this.write(`${title}. Request failed: ${message.error.message} (${message.error.code}).`, 'Error data', message.error.data);
    } else {
      // Our answer to prompt/secret is a password or passphrase: never shown, not even redacted by key.
      const result = method === SecretPromptRequest.method ? { value: redacted } : message.result;
      this.write(`${title}.`, 'Result', result);
    }
  }

  private notification(direction: Direction, message: NotificationMessage): void {
    const verb = direction === 'send' ? 'Sending notification' : 'Received notification';
    this.write(`${verb} '${message.method}'.`, 'Params', message.params);
  }

  private write(title: string, label: string, payload: unknown): void {
    // Info, not trace: the person asked for this output through the setting, whatever the
    // channel's own log level is.
    if (this.level === 'verbose' && payload !== undefined) {
      this.logger.info(`[rpc] ${title}\n${label}: ${JSON.stringify(redact(payload), undefined, 2)}`);
    } else {
      this.logger.info(`[rpc] ${title}`);
    }
  }
}

function key(direction: Direction, id: string | number | null): string {
  return `${direction}:${String(id)}`;
}
