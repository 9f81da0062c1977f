import * as vscode from 'vscode';
import type { CancellationToken } from 'vscode-jsonrpc';
import type { CertificateAnswer, CertificatePrompt, HostKeyAnswer, HostKeyPrompt, SecretAnswer, SecretPrompt } from '../sidecar/contract';
import type { PromptHandlers } from '../sidecar/promptHandlers';
import type { PasswordMemory } from '../storage/passwordMemory';

export const acceptAndRemember = 'Accept and Remember';
export const acceptOnce = 'Accept Once';
export const trustCertificate = 'Trust and Pin';

const secretTitles: Record<SecretPrompt['kind'], string> = {
  password: 'SSH Password',
  passphrase: 'SSH Key Passphrase',
  challenge: 'SSH Verification Code',
};

/**
 * The sidecar's questions as VS Code dialogs. `openingHost` names the host being connected
 * (connection/open runs one at a time), which is what a remembered password is filed under.
 */
export class DialogPrompts implements PromptHandlers {
  constructor(
    private readonly passwords: PasswordMemory,
    private readonly openingHost: () => string | undefined,
  ) {}

  async hostKey(prompt: HostKeyPrompt): Promise<HostKeyAnswer> {
    const choice = await vscode.window.showWarningMessage(
      `The authenticity of host '${prompt.host}' can't be established.`,
      { modal: true, detail: `${prompt.keyType} key fingerprint is ${prompt.fingerprint}.` },
      acceptAndRemember,
      acceptOnce,
    );
    // Closing the dialog is a "no": a host key is never trusted by default.
    return { decision: choice === acceptAndRemember ? 'acceptAndRemember' : choice === acceptOnce ? 'acceptOnce' : 'reject' };
  }

  async certificate(prompt: CertificatePrompt): Promise<CertificateAnswer> {
    const choice = await vscode.window.showWarningMessage(
      `The certificate of ${prompt.host}:${prompt.port} is not trusted: ${prompt.problem}.`,
      {
        modal: true,
        detail:
          `Subject: ${prompt.subject}\nIssuer: ${prompt.issuer}\nValid: ${prompt.notBefore.slice(0, 10)} to ${prompt.notAfter.slice(0, 10)}\n` +
          `SHA-256 fingerprint: ${prompt.fingerprint}\n\nCompare the fingerprint with the one your administrator gave you. ` +
          `Once pinned (in ${prompt.pinFile}), a different certificate will be refused.`,
      },
      trustCertificate,
    );
    // Closing the dialog is a "no": a certificate is never trusted by default.
    return { accept: choice === trustCertificate };
  }

  async secret(prompt: SecretPrompt, token: CancellationToken): Promise<SecretAnswer> {
    const host = prompt.kind === 'password' ? this.openingHost() : undefined;
    if (host) {
      if (prompt.attempt <= 1) {
        const remembered = await this.passwords.get(host);
        if (remembered !== undefined) {
          return { value: remembered };
        }
      } else {
        // A second attempt means the password before was refused; a remembered one is stale.
        await this.passwords.forget(host);
      }
    }
    const cancel = new vscode.CancellationTokenSource();
    const link = token.onCancellationRequested(() => cancel.cancel());
    try {
      const value = await vscode.window.showInputBox(
        {
          title: secretTitles[prompt.kind] + (prompt.attempt > 1 ? ` (attempt ${prompt.attempt})` : ''),
          prompt: prompt.prompt,
          password: true,
          ignoreFocusOut: true,
        },
        cancel.token,
      );
      if (value === undefined) {
        return { value: null };
      }
      if (host && (await this.wantsRemembered(host, cancel.token))) {
        this.passwords.offer(host, value);
      }
      return { value };
    } finally {
      link.dispose();
      cancel.dispose();
    }
  }

  /** A tick box the person has to tick: nothing is remembered by default. */
  private async wantsRemembered(host: string, token: vscode.CancellationToken): Promise<boolean> {
    const remember: vscode.QuickPickItem = {
      label: `Remember the password for ${host}`,
      detail: "Kept in VS Code's secret storage and used for this host from now on.",
      picked: false,
    };
    const picked = await vscode.window.showQuickPick([remember], {
      title: 'Remember Password?',
      placeHolder: 'Tick to remember the password, or press Enter to continue without',
      canPickMany: true,
      ignoreFocusOut: true,
    }, token);
    return picked?.includes(remember) ?? false;
  }
}
