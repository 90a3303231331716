/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff
 * and Jitter"): the delay before attempt n+1 is uniform in [0, min(cap, base·2^n)].
 * Randomness is injected so tests are deterministic.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** Total attempts, the first one included. */
  maxAttempts: number;
}

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * random());
}
