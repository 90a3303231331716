import { describeBinding } from './binding-text.js';
import { resolveFreeTarget } from './bind-target.js';
import { checkBindings, unchangedResult } from './drift-check.js';
import { lookUpChangeableEip } from './eip-lookup.js';
import { bindStep } from './eip-write-steps.js';
import { ExecutionSteps } from './execution-steps.js';
import { mapConcurrently } from './map-concurrently.js';
import { PlanRefusal } from './plan-refusal.js';
import { planOptions, plannedAfter, targetOf } from './plan-shape.js';
import { reconcileBindings } from './reconcile-bindings.js';
import { stateNow } from './state-now.js';
import type { ActionArgs, EipChange, Workflow } from './workflow.js';

type RestoreArgs = Extract<ActionArgs, { action: 'restore' }>;

/** Same pacing as the isolate it undoes. */
const RESTORE_CONCURRENCY = 4;

/**
 * The Undo of `isolate`: binds each EIP back to the NIC address it was unbound from.
 * Only unbound EIPs are restored; every EIP has its own outcome.
 */
export const restoreWorkflow: Workflow<RestoreArgs> = {
  action: 'restore',

  async plan(args, context) {
    const options = planOptions(context);
    const changes = await Promise.all(
      args.bindings.map(async ({ eipId, binding }): Promise<EipChange> => {
        const eip = await lookUpChangeableEip(context.provider, eipId, options);
        if (eip.binding !== undefined) {
          throw new PlanRefusal(
            'eip-bound',
            `${eip.address} is bound to ${describeBinding(eip.binding)} now, so it cannot be put back on ${describeBinding(binding)}; move it with /eip move ${eip.address} <target> instead.`,
          );
        }
        await resolveFreeTarget(context.provider, targetOf(binding).ref, options);
        return {
          eipId: eip.id,
          address: eip.address,
          after: binding,
          providerStatus: eip.providerStatus,
          ...(eip.bandwidthMbps === undefined ? {} : { bandwidthMbps: eip.bandwidthMbps }),
        };
      }),
    );
    return {
      action: 'restore',
      changes,
      notes: [`Binds ${changes.length === 1 ? '1 EIP' : `${changes.length} EIPs`} back where ${changes.length === 1 ? 'it was' : 'they were'}.`],
    };
  },

  async execute(_args, plan, context) {
    const { provider } = context;
    const steps = new ExecutionSteps(context);
    const check = await checkBindings(steps, context, plan.changes, plan.changes.map((change) => plannedAfter(plan, change)));
    if (!check.ok) return unchangedResult(steps, check);
    const results = await mapConcurrently(plan.changes, RESTORE_CONCURRENCY, async (change) => {
      const result = await steps.write(bindStep(provider, change, targetOf(plannedAfter(plan, change)), 'restore'));
      return { change, result, now: result.ok ? '' : await stateNow(provider, change.eipId, change.address, steps.readOptions) };
    });
    const failed = results.filter(({ result }) => !result.ok);
    const restored = results.filter(({ result }) => result.ok).map(({ change }) => `${change.address} → ${describeBinding(plannedAfter(plan, change))}`);
    if (failed.length === 0) {
      return { ok: true, summary: `Put back ${restored.join(', ')}.`, steps: steps.outcomes };
    }
    return {
      ok: false,
      summary: `Restored ${restored.length} of ${results.length} EIPs${restored.length === 0 ? '' : ` (${restored.join(', ')})`}. ${failed
        .map(({ result, now }) => `${result.outcome.message} ${now}`)
        .join(' ')}`,
      steps: steps.outcomes,
    };
  },

  reconcile(_args, plan, journal, context) {
    return reconcileBindings(
      plan.changes.map((change) => ({ ...change, before: undefined })),
      journal,
      context,
      `every EIP is back: ${plan.changes.map((change) => `${change.address} → ${describeBinding(plannedAfter(plan, change))}`).join(', ')}.`,
    );
  },
};
