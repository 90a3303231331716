import type { Clock } from '../../clock.js';
import { formatDuration } from '../../config/duration.js';
import { ProviderError, isProviderError, type ProviderErrorKind } from '../provider-error.js';
import { createWaiter } from '../waiter.js';
import type { CallContext, HuaweiHttpClient } from './http-client.js';

export type StatusVerdict =
  | { state: 'success' }
  | { state: 'retry' }
  | { state: 'failure'; kind: ProviderErrorKind; message: string };

export interface StatusWait<S> {
  /** What is awaited, in words: "EIP 1.2.3.4 to be bound to port 5f…". */
  what: string;
  /** For the error's operation field: `wait bound`, `wait unbound`, … */
  operation: string;
  read(call: CallContext): Promise<S>;
  statusOf(state: S): string;
  judge(state: S): StatusVerdict;
  /** Right after a create the EIP may not be readable yet (Terraform's NotFoundChecks). */
  notFoundIsPending?: boolean;
}

export interface PollPolicy {
  minDelayMs: number;
  maxDelayMs: number;
}

export interface StatusWaitDeps {
  http: HuaweiHttpClient;
  clock: Clock;
  poll: PollPolicy;
}

/** Read failures that say "ask again later" rather than "it failed". */
const TRANSIENT_READ_FAILURES: readonly ProviderErrorKind[] = ['unavailable', 'throttled', 'busy'];

/**
 * Polls a state until `judge` says success or failure, through transient statuses and
 * transient read failures, bounded by `timeoutMs` with backoff; every poll is reported.
 * A timeout names the last status seen.
 */
export async function waitForStatus<S>(spec: StatusWait<S>, deps: StatusWaitDeps, call: CallContext, timeoutMs: number): Promise<S> {
  let lastSeen = 'not read yet';
  let failure: { kind: ProviderErrorKind; message: string } | undefined;
  const outcome = await createWaiter<S>(
    {
      minDelayMs: deps.poll.minDelayMs,
      maxDelayMs: deps.poll.maxDelayMs,
      maxWaitMs: timeoutMs,
      clock: deps.clock,
      signal: call.signal,
      onCheck: (status, elapsedMs, done) => deps.http.emit(call, { type: 'wait', what: spec.what, status, elapsedMs, done }),
    },
    async () => {
      let state: S;
      try {
        state = await spec.read(call);
      } catch (error) {
        const transient =
          isProviderError(error) &&
          (TRANSIENT_READ_FAILURES.includes(error.kind) || (spec.notFoundIsPending === true && error.kind === 'not_found'));
        if (transient) return { state: 'retry', status: lastSeen };
        throw error;
      }
      lastSeen = spec.statusOf(state);
      const verdict = spec.judge(state);
      if (verdict.state === 'failure') {
        failure = verdict;
        return { state: 'failure', status: lastSeen, reason: verdict.message };
      }
      return verdict.state === 'success' ? { state: 'success', value: state, status: lastSeen } : { state: 'retry', status: lastSeen };
    },
  );
  if (outcome.state === 'success') return outcome.value;
  const account = deps.http.accountName;
  if (outcome.state === 'failure') {
    throw new ProviderError(
      { kind: failure?.kind ?? 'failed', provider: 'huawei', operation: spec.operation, lastStatus: outcome.status },
      `${account}: ${outcome.reason}`,
    );
  }
  throw new ProviderError(
    { kind: 'timeout', provider: 'huawei', operation: spec.operation, lastStatus: outcome.lastStatus },
    `${account}: Huawei Cloud did not confirm ${spec.what} within ${formatDuration(timeoutMs)}; the last status seen was ${outcome.lastStatus}. ` +
      'Check it with /eip show: the change may still complete.',
  );
}
