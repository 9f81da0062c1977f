import * as vscode from 'vscode';
import type { ProgressValue, SourceAuth } from '../sidecar/contract';
import { errorName } from '../sidecar/sidecarError';
import { HubCredential, serverName } from '../sources/hubSources';
import type { HubRecord, ViaHost } from '../sources/sourceRecords';
import { SourceServer, hubServerId, hubServerLabel, urlLabel, urlServerId } from '../sources/sourceServers';
import type { SourceServers } from '../sources/sourceServers';
import { Cancelled, withCancellableProgress } from './cancellableProgress';
import { showError } from './errorNotification';

/** Refused passwords or tokens are asked for again this often, then the flow gives up. */
const maxLoginAttempts = 3;

/**
 * "Existing Jupyter server URL…" and "JupyterHub…": the input boxes, logins with bounded retries, and
 * spawning hub servers under a cancellable progress notification that shows the hub's own progress.
 */
export class SourceFlows {
  constructor(
    private readonly sources: SourceServers,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * Asks for a URL and its credential, reaches the server (through the SSH host `via`, when given), and
   * returns it for Jupyter; undefined when backed out or failed (shown).
   */
  async addUrl(via?: ViaHost): Promise<SourceServer | undefined> {
    const typed = await vscode.window.showInputBox({
      title: via ? `Existing Jupyter Server on ${via.alias}` : 'Existing Jupyter Server',
      prompt: via
        ? `The server URL as ${via.alias} sees it (often http://127.0.0.1:8888/); reached through an SSH tunnel.`
        : 'The server URL, with its base path if it has one. A pasted ?token=… is taken out and kept as a secret.',
      placeHolder: 'https://jupyter.example.org:8888/ or http://10.0.0.5:8888/lab?token=…',
      ignoreFocusOut: true,
      validateInput: validateUrl,
    });
    if (!typed) {
      return undefined;
    }
    const { url, token: pastedToken } = splitToken(typed.trim());
    let auth: SourceAuth = 'token';
    let secret = pastedToken;
    if (secret === undefined) {
      const how = await vscode.window.showQuickPick(
        [
          { label: 'Password', description: 'the password of the login page', auth: 'password' as const },
          { label: 'Token', description: 'the token from the server log or jupyter server list', auth: 'token' as const },
          { label: 'No authentication', description: 'the server asks for nothing', auth: 'none' as const },
        ],
        { title: `Log In to ${url}`, placeHolder: 'How does this server check who you are?', ignoreFocusOut: true },
      );
      if (!how) {
        return undefined;
      }
      auth = how.auth;
    }
    for (let attempt = 1; attempt <= maxLoginAttempts; attempt++) {
      if (auth !== 'none' && secret === undefined) {
        secret = await askSecret(auth === 'password' ? 'Jupyter Password' : 'Jupyter Token', url, attempt);
        if (secret === undefined) {
          return undefined;
        }
      }
      try {
        const added = await this.withProgress(`Remote Jupyter: Connecting to ${url}`, (token, onProgress) =>
          this.sources.urls.add(url, auth, secret, { token, onProgress }, via),
        );
        void vscode.window.showInformationMessage(`Connected to the Jupyter server at ${urlLabel(added)}.`);
        return { id: urlServerId(added.id), label: urlLabel(added), kind: 'url' };
      } catch (error) {
        if (errorName(error) === 'serverLoginFailed' && auth !== 'none' && attempt < maxLoginAttempts) {
          void vscode.window.showWarningMessage(`The server refused the ${auth}. Try again.`);
          secret = undefined;
          continue;
        }
        await this.report(error);
        return undefined;
      }
    }
    return undefined;
  }

  /** Asks for a hub, a user and a credential, logs in, and offers to start a server. */
  async addHub(preset?: Pick<HubRecord, 'hubUrl' | 'user'>): Promise<SourceServer | undefined> {
    const hubUrl =
      preset?.hubUrl ??
      (await vscode.window.showInputBox({
        title: 'JupyterHub Address',
        prompt: "The hub's address",
        placeHolder: 'https://hub.example.org/',
        ignoreFocusOut: true,
        validateInput: validateUrl,
      }))?.trim();
    if (!hubUrl) {
      return undefined;
    }
    const user =
      preset?.user ??
      (await vscode.window.showInputBox({ title: 'JupyterHub Username', prompt: `Your username on ${hubUrl}`, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Enter a username.') }))?.trim();
    if (!user) {
      return undefined;
    }
    const tokenPage = new URL('hub/token', hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`).toString();
    const how = await vscode.window.showQuickPick(
      [
        { label: 'Password', description: 'hubs that log in with a username and password', way: 'password' as const },
        { label: 'Paste an API token', description: `made at ${tokenPage}`, way: 'token' as const },
        { label: 'Open the token page in the browser, then paste', description: 'for single sign-on hubs', way: 'browser' as const },
      ],
      { title: `Log In to ${hubUrl} as ${user}`, ignoreFocusOut: true },
    );
    if (!how) {
      return undefined;
    }
    if (how.way === 'browser') {
      await vscode.env.openExternal(vscode.Uri.parse(tokenPage));
    }
    let hub: HubRecord | undefined;
    for (let attempt = 1; attempt <= maxLoginAttempts && !hub; attempt++) {
      const secret = await askSecret(how.way === 'password' ? 'JupyterHub Password' : 'JupyterHub API Token', `${user} on ${hubUrl}`, attempt);
      if (secret === undefined) {
        return undefined;
      }
      const credential: HubCredential = how.way === 'password' ? { password: secret } : { token: secret };
      try {
        hub = await this.withProgress(`Remote Jupyter: Logging in to ${hubUrl}`, (token) => this.sources.hubs.login(hubUrl, user, credential, token));
      } catch (error) {
        const refused = errorName(error) === 'serverLoginFailed' || errorName(error) === 'hubTokenRejected';
        if (refused && attempt < maxLoginAttempts) {
          void vscode.window.showWarningMessage(`The hub refused the ${how.way === 'password' ? 'password' : 'token'}. Try again.`);
          continue;
        }
        await this.report(error);
        return undefined;
      }
    }
    if (!hub) {
      return undefined;
    }
    return this.pickHubServer(hub);
  }

  /** Lists the hub's servers and returns the running one picked, or starts the one picked. */
  async pickHubServer(hub: HubRecord): Promise<SourceServer | undefined> {
    let servers;
    try {
      servers = await this.withProgress(`Remote Jupyter: Listing servers on ${hub.hubUrl}`, (token) => this.sources.hubs.refresh(hub.id, token));
    } catch (error) {
      await this.report(error, hub);
      return undefined;
    }
    const items = [
      ...servers.map((s) => ({ label: `${s.ready ? '$(server)' : '$(debug-stop)'} ${s.name || 'Default server'}`, description: s.ready ? 'running' : s.pending ?? 'stopped', name: s.name })),
      ...(servers.some((s) => s.name === '') ? [] : [{ label: '$(play) Default server', description: 'start', name: '' }]),
      { label: '$(plus) New named server…', description: 'the hub must allow named servers', name: undefined },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: `Servers of ${hub.user} on ${hub.hubUrl}`, ignoreFocusOut: true });
    if (!picked) {
      return undefined;
    }
    const name = picked.name ?? (await askServerName());
    if (name === undefined) {
      return undefined;
    }
    const running = servers.find((s) => s.name === name && s.ready);
    return running ? { id: hubServerId(hub.id, name), label: hubServerLabel(hub, name), kind: 'hub' } : this.startHubServer(hub, name);
  }

  /** Spawns a server with the hub's progress in a cancellable notification; Cancel stops the pending spawn. */
  async startHubServer(hub: HubRecord, name: string): Promise<SourceServer | undefined> {
    try {
      await this.withProgress(`Remote Jupyter: Starting ${serverName(hub, name).toLowerCase()}`, (token, onProgress) =>
        this.sources.hubs.start(hub.id, name, { token, onProgress }),
      );
      return { id: hubServerId(hub.id, name), label: hubServerLabel(hub, name), kind: 'hub' };
    } catch (error) {
      if (!(error instanceof Cancelled)) {
        await this.report(error, hub);
      }
      return undefined;
    }
  }

  async newNamedServer(hub: HubRecord): Promise<SourceServer | undefined> {
    const name = await askServerName();
    return name === undefined ? undefined : this.startHubServer(hub, name);
  }

  /** A refused hub token offers a new login; everything else is shown as the sidecar worded it. */
  async report(error: unknown, hub?: HubRecord): Promise<void> {
    if (error instanceof Cancelled) {
      return;
    }
    if (hub && errorName(error) === 'hubTokenRejected') {
      const choice = await vscode.window.showWarningMessage(`${hub.hubUrl} no longer accepts the token of ${hub.user} (expired or revoked).`, 'Log In Again');
      if (choice === 'Log In Again') {
        await this.addHub(hub);
      }
      return;
    }
    await showError(error, this.log);
  }

  private withProgress<T>(title: string, work: (token: vscode.CancellationToken, onProgress: (value: ProgressValue) => void) => Promise<T>): Promise<T> {
    return withCancellableProgress(title, this.log, work);
  }
}

function validateUrl(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'Enter an http:// or https:// URL.';
  } catch {
    return 'Enter a URL such as https://jupyter.example.org:8888/.';
  }
}

/** Takes ?token=… out of a pasted URL (and Jupyter's /lab or /tree page path), so it is only ever kept as a secret. */
export function splitToken(text: string): { url: string; token?: string } {
  const url = new URL(text);
  const token = url.searchParams.get('token') ?? undefined;
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/(lab|tree|notebooks)(\/.*)?$/, '/');
  return { url: url.toString(), token: token || undefined };
}

async function askSecret(title: string, what: string, attempt: number): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: attempt > 1 ? `${title} (attempt ${attempt})` : title,
    prompt: `For ${what}`,
    password: true,
    ignoreFocusOut: true,
  });
}

async function askServerName(): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title: 'New Named Server',
    prompt: 'A name for the server (letters, digits, - and _)',
    ignoreFocusOut: true,
    validateInput: (v) => (/^[A-Za-z0-9_-]{1,63}$/.test(v.trim()) ? undefined : 'Use letters, digits, - and _.'),
  });
  return name?.trim();
}
