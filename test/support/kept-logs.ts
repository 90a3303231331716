import { Writable } from 'node:stream';
import { createLogger, type Logger, type LogLevel } from '../../src/logger.js';

export interface KeptLogs {
  logger: Logger;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
  /** Every line written so far, as written. */
  raw(): string;
}

/** A real pino logger whose JSON lines are kept for assertions instead of printed. */
export function keptLogs(level: LogLevel = 'debug'): KeptLogs {
  const chunks: string[] = [];
  const logger = createLogger({
    level,
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    }),
  });
  const raw = () => chunks.join('');
  return {
    logger,
    raw,
    lines: () =>
      raw()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
