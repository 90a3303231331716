import type { Clock } from '../../clock.js';
import { backoffDelay, type BackoffPolicy } from '../backoff.js';
import type { WriteReceipt } from '../provider.js';
import { isProviderError, type ProviderError } from '../provider-error.js';

export interface VerifiedWrite<S> {
  operation: string;
  write(): Promise<{ requestId?: string }>;
  /** The settled state after a failure whose outcome is unknown. */
  reread(): Promise<S>;
  /** The state shows the write took effect (even if its answer was lost). */
  tookEffect(state: S): boolean;
  /** The state moved somewhere the write must not follow (e.g. bound to another port). */
  refuse(state: S): ProviderError | undefined;
}

export interface VerifiedWriteDeps {
  retry: BackoffPolicy;
  clock: Clock;
  random: () => number;
  signal?: AbortSignal;
}

/**
 * SPEC §1: a write that fails without a clear answer (5xx, timeout, reset) may still
 * have been applied, so the state is re-read first; the write is repeated only when the
 * re-read shows it did not take effect. A "busy" refusal (409 VPC.0512) is handled the
 * same way, because what the EIP was busy with may have made our write moot or wrong.
 */
export async function writeVerified<S>(spec: VerifiedWrite<S>, deps: VerifiedWriteDeps): Promise<WriteReceipt> {
  for (let attempt = 1; ; attempt += 1) {
    let failure: ProviderError;
    try {
      const answer = await spec.write();
      return { operation: spec.operation, requestId: answer.requestId };
    } catch (error) {
      if (!isProviderError(error) || !(error.ambiguous || error.kind === 'busy')) throw error;
      failure = error;
    }
    if (attempt >= deps.retry.maxAttempts) throw failure;
    await deps.clock.sleep(backoffDelay(attempt, deps.retry, deps.random), deps.signal);
    const state = await spec.reread();
    if (spec.tookEffect(state)) return { operation: spec.operation, requestId: failure.requestId };
    const refusal = spec.refuse(state);
    if (refusal) throw refusal;
  }
}
