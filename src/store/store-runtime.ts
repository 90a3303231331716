import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { BackoffPolicy } from '../providers/backoff.js';

/** What every backend is built with, after `openStore` has filled in the defaults. */
export interface StoreRuntime {
  clock: Clock;
  random: () => number;
  updateRetry: BackoffPolicy;
  /** Redis: how long connecting, or any one command, may take before it fails with a StoreError. */
  responseTimeoutMs: number;
  /** SQLite: how long a statement waits for another connection's write lock. */
  busyTimeoutMs: number;
  logger?: Logger;
}
