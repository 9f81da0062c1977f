/** Command ids as contributed in package.json. */
export const CommandIds = {
  connect: 'remoteJupyter.connect',
  disconnect: 'remoteJupyter.disconnect',
  stopServer: 'remoteJupyter.stopServer',
  showServerLogs: 'remoteJupyter.showServerLogs',
  followServerLog: 'remoteJupyter.followServerLog',
  stopFollowingServerLog: 'remoteJupyter.stopFollowingServerLog',
  reconnect: 'remoteJupyter.reconnect',
  copyServerUrl: 'remoteJupyter.copyServerUrl',
  openInBrowser: 'remoteJupyter.openInBrowser',
  refresh: 'remoteJupyter.refresh',
  showServers: 'remoteJupyter.showServers',
  createEnvironment: 'remoteJupyter.createEnvironment',
  registerKernel: 'remoteJupyter.registerKernel',
  deleteEnvironment: 'remoteJupyter.deleteEnvironment',
} as const;
