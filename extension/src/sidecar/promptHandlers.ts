import type { CancellationToken } from 'vscode-jsonrpc';
import type { CertificateAnswer, CertificatePrompt, HostKeyAnswer, HostKeyPrompt, SecretAnswer, SecretPrompt } from './contract';

/**
 * Answers to the sidecar's questions for the person. VS Code shows dialogs; tests answer directly.
 * The token fires when the sidecar cancels the question (e.g. its request was cancelled).
 */
export interface PromptHandlers {
  hostKey(prompt: HostKeyPrompt, token: CancellationToken): Promise<HostKeyAnswer>;
  secret(prompt: SecretPrompt, token: CancellationToken): Promise<SecretAnswer>;
  certificate(prompt: CertificatePrompt, token: CancellationToken): Promise<CertificateAnswer>;
}
