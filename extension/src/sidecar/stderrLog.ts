import type { SidecarLogger } from './sidecarLogger';
import { redactText } from './redaction';

type Level = keyof SidecarLogger;

/** The console formatter's level names ("07:00:51.958 info: Category[5000] message"). */
const levels: Record<string, Level> = {
  trce: 'trace',
  dbug: 'debug',
  info: 'info',
  warn: 'warn',
  fail: 'error',
  crit: 'error',
};

const line = /^\d\d:\d\d:\d\d\.\d{3} (trce|dbug|info|warn|fail|crit): (.*)$/;

/**
 * Turns the sidecar's stderr lines into log entries at their own level, so the channel's level
 * filter works on them. Lines without a header (stack traces) keep the level of the entry above.
 */
export class StderrLog {
  private last: Level = 'info';

  constructor(private readonly logger: SidecarLogger) {}

  write(text: string): void {
    const match = line.exec(text);
    if (match) {
      this.last = levels[match[1]] ?? 'info';
      this.logger[this.last](`[sidecar] ${redactText(match[2])}`);
    } else if (text.trim() !== '') {
      this.logger[this.last](`[sidecar] ${redactText(text)}`);
    }
  }
}
