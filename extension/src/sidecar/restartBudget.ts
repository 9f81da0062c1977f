/**
 * How often a crashed sidecar is started again: at most `maxRestarts` within `windowMs`, like
 * vscode-languageclient's DefaultErrorHandler, with a growing delay so a crash loop does not spin.
 */
export class RestartBudget {
  private readonly restarts: number[] = [];

  constructor(
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60_000,
    readonly baseDelayMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  /** The delay before the next restart, or undefined when the budget is spent. Records the restart. */
  next(): number | undefined {
    const t = this.now();
    while (this.restarts.length > 0 && t - this.restarts[0] > this.windowMs) {
      this.restarts.shift();
    }
    if (this.restarts.length >= this.maxRestarts) {
      return undefined;
    }
    const delay = this.baseDelayMs * 2 ** this.restarts.length;
    this.restarts.push(t);
    return delay;
  }

  /** A deliberate stop or start resets the count: only crashes in a row should use it up. */
  reset(): void {
    this.restarts.length = 0;
  }
}
