import type { DataCallback, Disposable, Message, MessageReader, MessageWriter } from 'vscode-jsonrpc';
import type { MessageTracer } from './messageTracer';

/** Lets the tracer see each incoming message before the connection handles it. */
export class TracedReader implements MessageReader {
  constructor(
    private readonly inner: MessageReader,
    private readonly tracer: MessageTracer,
  ) {}

  get onError() {
    return this.inner.onError;
  }

  get onClose() {
    return this.inner.onClose;
  }

  get onPartialMessage() {
    return this.inner.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      this.tracer.trace('receive', message);
      callback(message);
    });
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/** Lets the tracer see each outgoing message as it is written. */
export class TracedWriter implements MessageWriter {
  constructor(
    private readonly inner: MessageWriter,
    private readonly tracer: MessageTracer,
  ) {}

  get onError() {
    return this.inner.onError;
  }

  get onClose() {
    return this.inner.onClose;
  }

  write(message: Message): Promise<void> {
    this.tracer.trace('send', message);
    return this.inner.write(message);
  }

  end(): void {
    this.inner.end();
  }

  dispose(): void {
    this.inner.dispose();
  }
}
