import { isProviderError } from '../providers/provider-error.js';
import type { CallOptions, NicBinding, WriteReceipt } from '../providers/provider.js';
import { bindingDrift } from './binding-drift.js';
import { describeEipState } from './binding-text.js';
import type { ExecutionContext, JournalEntry, ReconcileOutcome } from './workflow.js';

/** One EIP an interrupted execution may have changed, with the plan's before and after (`undefined` = unbound). */
export interface PlannedBinding {
  eipId: string;
  address: string;
  before?: NicBinding;
  after?: NicBinding;
}

export const NOTHING_CHANGED = 'Interrupted, nothing changed — re-request.';

/** The receipt of the last write the journal records for an EIP: the task or status to follow. */
export function lastReceipt(journal: readonly JournalEntry[], eipId: string): WriteReceipt | undefined {
  for (let i = journal.length - 1; i >= 0; i -= 1) {
    const entry = journal[i];
    if (entry?.eipId === eipId && entry.receipt !== undefined) return entry.receipt;
  }
  return undefined;
}

export function reconcileOptions(context: ExecutionContext): CallOptions {
  return {
    signal: context.signal,
    waitTimeoutMs: context.waitTimeoutMs,
    onEvent: (event) => context.onEvent({ type: 'provider', step: 'reconcile', event }),
  };
}

/**
 * Decides an interrupted execution from the live state only, never writing: each
 * EIP is first followed through transient statuses and running tasks (with the
 * journal's receipt), then compared with the plan. All at "after": it succeeded; all
 * at "before": nothing changed; anything else is reported as found.
 */
export async function reconcileBindings(
  planned: readonly PlannedBinding[],
  journal: readonly JournalEntry[],
  context: ExecutionContext,
  describeSuccess: string,
): Promise<ReconcileOutcome> {
  const options = reconcileOptions(context);
  const findings = await Promise.all(
    planned.map(async (plan): Promise<Finding> => {
      try {
        const live = await context.provider.waitUntilSettled(plan.eipId, lastReceipt(journal, plan.eipId), options);
        const now = `${plan.address} is now ${describeEipState(live)}`;
        if (bindingDrift(plan.after, live) === undefined) return { at: 'after', text: `${now}, as planned` };
        if (bindingDrift(plan.before, live) === undefined) return { at: 'before', text: `${now}, unchanged` };
        return { at: 'elsewhere', text: now };
      } catch (error) {
        if (!isProviderError(error)) throw error;
        return { at: 'unknown', text: `the state of ${plan.address} could not be confirmed (${error.userMessage.replace(/\.$/, '')})` };
      }
    }),
  );
  if (findings.every((finding) => finding.at === 'after')) {
    return { status: 'succeeded', message: `The change took effect before the interruption: ${describeSuccess}` };
  }
  if (findings.every((finding) => finding.at === 'before')) {
    return { status: 'failed', message: NOTHING_CHANGED };
  }
  return {
    status: 'failed',
    message: `Interrupted part-way: ${findings.map((finding) => finding.text).join('; ')}. Check the state with /eip show before requesting again.`,
  };
}

interface Finding {
  at: 'after' | 'before' | 'elsewhere' | 'unknown';
  text: string;
}
