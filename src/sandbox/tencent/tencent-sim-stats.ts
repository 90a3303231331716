/** How many received parameter sets are kept per action: enough for any test, bounded for a long sandbox run. */
const KEPT_PARAMS = 100;

/**
 * What the simulator saw: calls per action (authenticated, throttled ones included),
 * their parameters, throttled calls, refused signatures.
 */
export class TencentSimStats {
  readonly #calls = new Map<string, number>();
  readonly #params = new Map<string, Record<string, unknown>[]>();
  readonly #throttled = new Map<string, number>();
  #authFailures = 0;

  /** Calls of one action, or of all. */
  calls(action?: string): number {
    return count(this.#calls, action);
  }

  /** Calls answered with `RequestLimitExceeded` (legacy: 4400), of one action or of all. */
  throttled(action?: string): number {
    return count(this.#throttled, action);
  }

  /** Requests refused for their signature, timestamp, nonce or SecretId. */
  authFailures(): number {
    return this.#authFailures;
  }

  /** The parameters of the latest calls of `action`, oldest first: the JSON body (API 3.0) or the query/form without `Signature` (legacy). */
  received(action: string): Record<string, unknown>[] {
    return [...(this.#params.get(action) ?? [])];
  }

  byAction(): Record<string, number> {
    return Object.fromEntries(this.#calls);
  }

  reset(): void {
    this.#calls.clear();
    this.#params.clear();
    this.#throttled.clear();
    this.#authFailures = 0;
  }

  recordCall(action: string, params: Record<string, unknown>): void {
    this.#calls.set(action, (this.#calls.get(action) ?? 0) + 1);
    const kept = this.#params.get(action) ?? [];
    kept.push(params);
    if (kept.length > KEPT_PARAMS) kept.shift();
    this.#params.set(action, kept);
  }

  recordThrottled(action: string): void {
    this.#throttled.set(action, (this.#throttled.get(action) ?? 0) + 1);
  }

  recordAuthFailure(): void {
    this.#authFailures += 1;
  }
}

function count(map: Map<string, number>, key: string | undefined): number {
  if (key !== undefined) return map.get(key) ?? 0;
  let total = 0;
  for (const value of map.values()) total += value;
  return total;
}
