/** Lifecycle of the sidecar process, as vscode-languageclient names it. */
export enum State {
  Stopped = 1,
  Starting = 2,
  Running = 3,
}

export interface StateChangeEvent {
  oldState: State;
  newState: State;
}
