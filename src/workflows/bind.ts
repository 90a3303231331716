import { describeBinding } from './binding-text.js';
import { resolveFreeTarget } from './bind-target.js';
import { checkBindings, unchangedResult } from './drift-check.js';
import { lookUpChangeableEip } from './eip-lookup.js';
import { bindStep } from './eip-write-steps.js';
import { ExecutionSteps } from './execution-steps.js';
import { PlanRefusal } from './plan-refusal.js';
import { nicOf, planOptions, plannedTarget, singleChange } from './plan-shape.js';
import { reconcileBindings } from './reconcile-bindings.js';
import { stateNow } from './state-now.js';
import type { ActionArgs, Workflow } from './workflow.js';

type BindArgs = Extract<ActionArgs, { action: 'bind' }>;

/** `/eip bind <eip> <target>`: an unbound EIP onto a server's primary NIC or a named NIC. Undo unbinds it. */
export const bindWorkflow: Workflow<BindArgs> = {
  action: 'bind',

  async plan(args, context) {
    const options = planOptions(context);
    const eip = await lookUpChangeableEip(context.provider, args.eip, options);
    if (eip.binding !== undefined) {
      throw new PlanRefusal(
        'eip-bound',
        `${eip.address} is already bound to ${describeBinding(eip.binding)}. To move it, request /eip move ${eip.address} <target>; to bind it there anyway, unbind it first.`,
      );
    }
    const { target, notes } = await resolveFreeTarget(context.provider, args.target, options);
    return {
      action: 'bind',
      changes: [
        {
          eipId: eip.id,
          address: eip.address,
          after: nicOf(target),
          providerStatus: eip.providerStatus,
          ...(eip.bandwidthMbps === undefined ? {} : { bandwidthMbps: eip.bandwidthMbps }),
        },
      ],
      target,
      notes,
    };
  },

  async execute(_args, plan, context) {
    const change = singleChange(plan);
    const target = plannedTarget(plan);
    const steps = new ExecutionSteps(context);
    const check = await checkBindings(steps, context, [change], [target]);
    if (!check.ok) return unchangedResult(steps, check);
    const bound = await steps.write(bindStep(context.provider, change, target));
    if (!bound.ok) {
      const now = await stateNow(context.provider, change.eipId, change.address, steps.readOptions);
      return { ok: false, summary: `${bound.outcome.message} ${now}`, steps: steps.outcomes };
    }
    return {
      ok: true,
      summary: `Bound ${change.address} to ${describeBinding(target)}.`,
      steps: steps.outcomes,
      undo: { action: 'unbind', ref: { kind: 'eip', eip: change.eipId } },
    };
  },

  reconcile(_args, plan, journal, context) {
    const change = singleChange(plan);
    const target = plannedTarget(plan);
    return reconcileBindings([{ ...change, after: nicOf(target) }], journal, context, `${change.address} is bound to ${describeBinding(target)}.`);
  },
};
