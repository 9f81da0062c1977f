import type { Jupyter } from '@vscode/jupyter-extension';
import * as vscode from 'vscode';

export const jupyterExtensionId = 'ms-toolsai.jupyter';

/** The Jupyter extension's API, activating it if needed; undefined when it is not installed. */
export async function loadJupyterApi(): Promise<Jupyter | undefined> {
  const extension = vscode.extensions.getExtension<Jupyter>(jupyterExtensionId);
  if (!extension) {
    return undefined;
  }
  return extension.isActive ? extension.exports : extension.activate();
}

/** Offers to install the Jupyter extension; servers stay usable in the browser meanwhile. */
export async function offerJupyterInstall(openInBrowser: () => Promise<void>): Promise<void> {
  const install = 'Install Jupyter Extension';
  const browser = 'Open in Browser';
  const choice = await vscode.window.showInformationMessage(
    'Remote Jupyter hands its servers to the Jupyter extension, which is not installed. Install it to run notebooks in VS Code, or open the server in a browser.',
    install,
    browser,
  );
  if (choice === install) {
    await vscode.commands.executeCommand('workbench.extensions.installExtension', jupyterExtensionId);
  } else if (choice === browser) {
    await openInBrowser();
  }
}
