import type { Clock } from '../clock.js';

/**
 * A waiter in the aws-sdk-js-v3 shape: one `createWaiter` driving a `check` that says
 * success, failure or retry, with exponential backoff between `minDelay` and
 * `maxDelay` and a hard `maxWaitTime`. Provider waiters (`waitUntilUnbound`, …) are
 * thin wrappers that supply the check.
 */
export type WaiterResult<T> =
  | { state: 'success'; value: T; status: string }
  | { state: 'failure'; status: string; reason: string }
  | { state: 'retry'; status: string };

export interface WaiterConfig {
  minDelayMs: number;
  maxDelayMs: number;
  maxWaitMs: number;
  clock: Clock;
  signal?: AbortSignal;
  /** Called after every check, for progress reporting. */
  onCheck?: (status: string, elapsedMs: number, done: boolean) => void;
}

export type WaiterOutcome<T> =
  | { state: 'success'; value: T; status: string; elapsedMs: number }
  | { state: 'failure'; status: string; reason: string; elapsedMs: number }
  | { state: 'timeout'; lastStatus: string; elapsedMs: number };

export async function createWaiter<T>(config: WaiterConfig, check: () => Promise<WaiterResult<T>>): Promise<WaiterOutcome<T>> {
  const { clock } = config;
  const started = clock.now();
  let delay = config.minDelayMs;
  let lastStatus = 'unknown';
  for (;;) {
    const result = await check();
    const elapsedMs = clock.now() - started;
    lastStatus = result.status;
    config.onCheck?.(result.status, elapsedMs, result.state !== 'retry');
    if (result.state === 'success') return { state: 'success', value: result.value, status: result.status, elapsedMs };
    if (result.state === 'failure') return { state: 'failure', status: result.status, reason: result.reason, elapsedMs };
    const remaining = config.maxWaitMs - elapsedMs;
    if (remaining <= 0) return { state: 'timeout', lastStatus, elapsedMs };
    await clock.sleep(Math.min(delay, remaining), config.signal);
    delay = Math.min(config.maxDelayMs, delay * 2);
  }
}
