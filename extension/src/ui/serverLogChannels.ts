import * as vscode from 'vscode';
import { ConnectedServer, serverLabel } from '../sessions/connectedServer';
import type { FollowEnd, ServerLogFollows } from '../sessions/serverLogFollows';
import { redactText } from '../sidecar/redaction';
import { errorMessage } from '../sidecar/sidecarError';

/** Context key for the Stop Following command's `when` clauses. */
const followingContextKey = 'remoteJupyter.followingServerLog';

/**
 * "Follow Server Log": one output channel per server, named after it, fed by servers/log
 * notifications until Stop Following, the server's exit, or deactivation (dispose cancels every follow).
 */
export class ServerLogChannels implements vscode.Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly follows: ServerLogFollows,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = follows.onDidChange(() => void this.updateContext());
  }

  /** Starts following (or just shows the channel when the log is already followed). */
  follow(server: ConnectedServer): void {
    const channel = this.channelFor(server);
    channel.show(true);
    const following = this.follows.start(server.id, {
      // Older Jupyters print their URL with the full ?token=; keep it out of the channel.
      onLines: (lines) => channel.append(lines.map((line) => `${redactText(line)}\n`).join('')),
      onEnd: (end) => this.ended(server, channel, end),
    });
    if (following) {
      this.log.info(`Following the log of ${serverLabel(server)} (${server.serverId}).`);
    }
  }

  stop(id: string): boolean {
    return this.follows.stop(id);
  }

  dispose(): void {
    this.follows.dispose();
    this.subscription.dispose();
    for (const channel of this.channels.values()) {
      channel.dispose();
    }
    this.channels.clear();
  }

  private channelFor(server: ConnectedServer): vscode.OutputChannel {
    let channel = this.channels.get(server.id);
    if (!channel) {
      channel = vscode.window.createOutputChannel(`Jupyter log: ${serverLabel(server)} (${server.serverId})`);
      this.channels.set(server.id, channel);
    } else if (!this.follows.isFollowing(server.id)) {
      channel.appendLine('--- following again ---');
    }
    return channel;
  }

  private ended(server: ConnectedServer, channel: vscode.OutputChannel, end: FollowEnd): void {
    if (this.channels.get(server.id) !== channel) {
      return; // Disposed meanwhile.
    }
    switch (end.reason) {
      case 'stopped':
        channel.appendLine('--- stopped following ---');
        break;
      case 'serverExited':
        channel.appendLine('--- the server exited ---');
        break;
      case 'failed':
        channel.appendLine(`--- following failed: ${errorMessage(end.error)} ---`);
        this.log.warn(`Following the log of ${serverLabel(server)} failed: ${errorMessage(end.error)}`);
        break;
    }
  }

  private updateContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', followingContextKey, this.follows.list().length > 0);
  }
}
