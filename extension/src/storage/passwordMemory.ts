import type { SecretStorage } from 'vscode';

/**
 * SSH passwords the person chose to remember, by host, in SecretStorage. A password typed with
 * "remember" ticked is only stored once the connection it was typed for has opened, so a typo is
 * never kept.
 */
export class PasswordMemory {
  private readonly candidates = new Map<string, string>();

  constructor(private readonly secrets: SecretStorage) {}

  get(host: string): Thenable<string | undefined> {
    return this.secrets.get(passwordKey(host));
  }

  /** Keep `password` for `host` if the connection now being opened succeeds. */
  offer(host: string, password: string): void {
    this.candidates.set(host, password);
  }

  /** The connection to `host` opened: store a password offered for it. */
  async confirm(host: string): Promise<void> {
    const password = this.candidates.get(host);
    this.candidates.delete(host);
    if (password !== undefined) {
      await this.secrets.store(passwordKey(host), password);
    }
  }

  /** The remembered password was refused (or the person wants it gone). */
  async forget(host: string): Promise<void> {
    this.candidates.delete(host);
    await this.secrets.delete(passwordKey(host));
  }
}

function passwordKey(host: string): string {
  return `remoteJupyter.password.${host}`;
}
