/** Anything with a `dispose()`: VS Code's Disposable, vscode-jsonrpc's, or our own classes. */
export interface Disposable {
  dispose(): unknown;
}

/**
 * Owns every disposable the extension creates, so deactivation (or a test) releases them in one
 * call, newest first, like VS Code's own DisposableStore.
 */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      // Late registrations (e.g. a collection created after deactivate started) must not leak.
      void item.dispose();
    } else {
      this.items.push(item);
    }
    return item;
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    for (const item of this.items.splice(0).reverse()) {
      try {
        void item.dispose();
      } catch {
        // One failing dispose must not keep the others alive.
      }
    }
  }
}
