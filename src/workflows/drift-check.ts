import type { Eip, NicBinding } from '../providers/provider.js';
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
): Promise<ReadResult<Eip[]>> {
  return steps.read({
    label: 'check live state',
    run: async (options) => {
      const [live, occupants] = await Promise.all([
        Promise.all(planned.map((plan) => context.provider.describeEip(plan.eipId, options))),
        Promise.all(
          freeTargets.map(async (target) => {
            const onTarget = await context.provider.listEips({ nicId: target.nicId, privateIp: target.privateIp }, options);
            const occupant = onTarget.find(
              (eip) => eip.binding !== undefined && sameNic(eip.binding, target) && !planned.some((plan) => plan.eipId === eip.id),
            );
            return occupant === undefined ? [] : [`${describeBinding(target)} now has ${occupant.address} bound`];
          }),
        ),
      ]);
      return { live, occupants: occupants.flat() };
    },
    problem: ({ live, occupants }) => {
      const problems = planned.flatMap((plan, i) => {
        const eip = live[i];
        const drift = eip === undefined ? undefined : bindingDrift(plan.before, eip);
        return drift === undefined ? [] : [drift];
      });
      problems.push(...occupants);
      return problems.length === 0 ? undefined : problems.join('; ');
    },
    ok: 'The live state still matches the plan.',
    failed: 'Could not read the live state, so nothing was changed',
  }).then((result) => (result.ok ? { ...result, value: result.value.live } : result));
}

/** The result of a drift check that failed: nothing was called. */
export function unchangedResult(steps: ExecutionSteps, check: Extract<ReadResult<unknown>, { ok: false }>): ExecutionResult {
  return {
    ok: false,
    summary: check.unreadable
      ? `${check.problem}. Try again in a moment.`
      : `State changed since the plan, so nothing was changed: ${check.problem}. Review the new state and request again.`,
    steps: steps.outcomes,
  };
}
