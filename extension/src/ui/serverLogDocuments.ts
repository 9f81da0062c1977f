import * as vscode from 'vscode';

export const serverLogScheme = 'remote-jupyter-log';

/**
 * Server logs as read-only documents: no "save changes?" when closed and, unlike an untitled
 * editor, never written to VS Code's backup folder.
 */
export class ServerLogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(serverLogScheme, this);

  readonly onDidChange = this.changeEmitter.event;

  async show(alias: string, serverId: string, text: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: serverLogScheme, path: `/${alias}/${serverId}.log` });
    this.texts.set(uri.toString(), text);
    this.changeEmitter.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.registration.dispose();
    this.changeEmitter.dispose();
  }
}
