import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { inspect } from 'node:util';
import type { Logger } from '../logger.js';

const LEVELS: readonly string[] = Object.values(LogLevel);

/**
 * Bolt and its WebClient log through eipbot's pino logger, so their lines are JSON with
 * the same secret redaction as eipbot's own. Bolt passes loose arguments (strings,
 * errors, objects); errors keep their stack under `err`, the rest becomes the message.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: 'bolt' });
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...parts: unknown[]) => {
    if (!child.isLevelEnabled(level)) return;
    const error = parts.find((part): part is Error => part instanceof Error);
    const message = parts
      .filter((part) => part !== error)
      .map((part) => (typeof part === 'string' ? part : inspect(part, { depth: 3, breakLength: Infinity })))
      .join(' ');
    if (error === undefined) child[level](message);
    else child[level]({ err: error }, message || error.message);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (level) => {
      child.level = level;
    },
    getLevel: () => (LEVELS.includes(child.level) ? (child.level as LogLevel) : LogLevel.INFO),
    setName: (name) => {
      const level = child.level;
      child = logger.child({ component: name });
      child.level = level;
    },
  };
}
