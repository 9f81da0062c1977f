import type * as vscode from 'vscode';

/** The token or password of a URL source, or a hub's API token, in VS Code's SecretStorage. */
export class SourceSecrets {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(id: string): Thenable<string | undefined> {
    return this.secrets.get(secretKey(id));
  }

  store(id: string, secret: string): Thenable<void> {
    return this.secrets.store(secretKey(id), secret);
  }

  delete(id: string): Thenable<void> {
    return this.secrets.delete(secretKey(id));
  }
}

function secretKey(id: string): string {
  return `remoteJupyter.source.${id}`;
}
