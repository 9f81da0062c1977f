import type { SecretStorage } from 'vscode';
import type { TokenStore } from '../sessions/serverStores';

/** Jupyter tokens in VS Code's SecretStorage (the OS keyring where there is one). */
export class SecretTokenStore implements TokenStore {
  constructor(private readonly secrets: SecretStorage) {}

  async get(id: string): Promise<string | undefined> {
    return this.secrets.get(tokenKey(id));
  }

  async store(id: string, token: string): Promise<void> {
    await this.secrets.store(tokenKey(id), token);
  }

  async delete(id: string): Promise<void> {
    await this.secrets.delete(tokenKey(id));
  }
}

function tokenKey(id: string): string {
  return `remoteJupyter.token.${id}`;
}
