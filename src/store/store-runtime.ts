import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { BackoffPolicy } from '../providers/backoff.js';

/** What every backend is built with, after `openStore` has filled in the defaults. */
export interface StoreRuntime {
  clock: Clock;
  random: () => number;
  updateRetry: BackoffPolicy;
  /** Redis: how long the first connection may take before openStore gives up. */
  connectTimeoutMs: number;
  /** SQLite: how long a statement waits for another connection's write lock. */
  busyTimeoutMs: number;
  logger?: Logger;
}
