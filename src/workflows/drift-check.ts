import { isProviderError } from '../providers/provider-error.js';
import type { CallOptions, Eip, EipProvider, NicBinding } from '../providers/provider.js';
import { bindingDrift, sameNic } from './binding-drift.js';
import { describeBinding } from './binding-text.js';
import type { ExecutionSteps, ReadResult } from './execution-steps.js';
import type { PlannedBinding } from './reconcile-bindings.js';
import type { ExecutionContext, ExecutionResult } from './workflow.js';

/**
 * The re-read before any write (SPEC §3): every planned EIP must still be where the
 * plan found it, and a NIC about to receive an EIP must still have none. Any
 * difference fails the request before a single write.
 */
export function checkBindings(
  steps: ExecutionSteps,
  context: ExecutionContext,
  planned: readonly PlannedBinding[],
  freeTargets: readonly NicBinding[] = [],
): Promise<ReadResult<string[]>> {
  return steps.read({
    label: 'check live state',
    run: async (options) => {
      const [drift, occupied] = await Promise.all([
        Promise.all(
          planned.map(async (plan) => {
            const live = await describeIfExists(context.provider, plan.eipId, options);
            return live === undefined ? `${plan.address} no longer exists in the account` : bindingDrift(plan.before, live);
          }),
        ),
        Promise.all(
          freeTargets.map(async (target) => {
            const onTarget = await context.provider.listEips({ nicId: target.nicId, privateIp: target.privateIp }, options);
            const occupant = onTarget.find(
              (eip) => eip.binding !== undefined && sameNic(eip.binding, target) && !planned.some((plan) => plan.eipId === eip.id),
            );
            return occupant === undefined ? undefined : `${describeBinding(target)} now has ${occupant.address} bound`;
          }),
        ),
      ]);
      return [...drift, ...occupied].filter((problem): problem is string => problem !== undefined);
    },
    problem: (problems) => (problems.length === 0 ? undefined : problems.join('; ')),
    ok: 'The live state still matches the plan.',
    failed: 'Could not read the live state, so nothing was changed',
  });
}

/** An EIP released since the plan is a change of state like any other, not a failure to read. */
export async function describeIfExists(provider: EipProvider, eipId: string, options: CallOptions): Promise<Eip | undefined> {
  try {
    return await provider.describeEip(eipId, options);
  } catch (error) {
    if (isProviderError(error) && error.kind === 'not_found') return undefined;
    throw error;
  }
}

/** The result of a drift check that failed: nothing was called. */
export function unchangedResult(steps: ExecutionSteps, check: Extract<ReadResult<unknown>, { ok: false }>): ExecutionResult {
  return {
    ok: false,
    summary: check.unreadable
      ? `${check.problem} Try again in a moment.`
      : `State changed since the plan, so nothing was changed: ${check.problem}. Review the new state and request again.`,
    steps: steps.outcomes,
  };
}
