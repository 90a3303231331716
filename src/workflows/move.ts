import { sameNic } from './binding-drift.js';
import { describeBinding } from './binding-text.js';
import { resolveFreeTarget } from './bind-target.js';
import { checkBindings, unchangedResult } from './drift-check.js';
import { lookUpChangeableEip } from './eip-lookup.js';
import { bindStep, unbindStep } from './eip-write-steps.js';
import { ExecutionSteps } from './execution-steps.js';
import { PlanRefusal } from './plan-refusal.js';
import { nicOf, planOptions, plannedBefore, plannedTarget, singleChange, targetOf } from './plan-shape.js';
import { reconcileBindings } from './reconcile-bindings.js';
import { stateNow } from './state-now.js';
import type { EipProvider, NicBinding } from '../providers/provider.js';
import { sentence } from './sentence.js';
import type { ActionArgs, EipChange, Workflow } from './workflow.js';

type MoveArgs = Extract<ActionArgs, { action: 'move' }>;

/**
 * `/eip move <eip> <target>`: one request that unbinds, waits until the EIP is free
 * (a bound EIP cannot be bound elsewhere: Huawei VPC.0510), then binds it to the
 * target. If the bind fails it puts the EIP back where it was and reports both.
 * Undo moves it back.
 */
export const moveWorkflow: Workflow<MoveArgs> = {
  action: 'move',

  async plan(args, context) {
    const options = planOptions(context);
    const eip = await lookUpChangeableEip(context.provider, args.eip, options);
    if (eip.binding === undefined) {
      throw new PlanRefusal('eip-unbound', `${eip.address} is not bound to anything, so there is nothing to move; to bind it, request /eip bind ${eip.address} <target>.`);
    }
    const { target, notes } = await resolveFreeTarget(context.provider, args.target, options, eip.id);
    if (sameNic(eip.binding, target)) {
      throw new PlanRefusal('same-target', `${eip.address} is already bound to ${describeBinding(eip.binding)}; there is nothing to move.`);
    }
    return {
      action: 'move',
      changes: [
        {
          eipId: eip.id,
          address: eip.address,
          before: eip.binding,
          after: nicOf(target),
          providerStatus: eip.providerStatus,
          ...(eip.bandwidthMbps === undefined ? {} : { bandwidthMbps: eip.bandwidthMbps }),
        },
      ],
      target,
      notes: [
        `${eip.address} is unbound from ${describeBinding(eip.binding)} first and is unreachable until the bind to ${describeBinding(target)} completes; if that bind fails, it is put back.`,
        ...notes,
      ],
    };
  },

  async execute(_args, plan, context) {
    const change = singleChange(plan);
    const before = plannedBefore(plan, change);
    const target = plannedTarget(plan);
    const { provider } = context;
    const steps = new ExecutionSteps(context);
    const check = await checkBindings(steps, context, [change], [target]);
    if (!check.ok) return unchangedResult(steps, check);

    const unbound = await steps.write(unbindStep(provider, change, { eipId: change.eipId }, undefined));
    if (!unbound.ok) {
      const now = await stateNow(provider, change.eipId, change.address, steps.readOptions);
      return { ok: false, summary: `Could not move ${change.address}. ${unbound.outcome.message} ${now}`, steps: steps.outcomes };
    }
    const bound = await steps.write(bindStep(provider, change, target));
    if (bound.ok) {
      return {
        ok: true,
        summary: `Moved ${change.address} from ${describeBinding(before)} to ${describeBinding(target)}.`,
        steps: steps.outcomes,
        undo: { action: 'move', eip: change.eipId, target: targetOf(before).ref },
      };
    }
    const restored = await putBack(provider, steps, change, before);
    if (restored.ok) {
      return {
        ok: false,
        summary: `Could not move ${change.address}. ${bound.outcome.message} It was put back on ${describeBinding(before)}.`,
        steps: steps.outcomes,
      };
    }
    const now = await stateNow(provider, change.eipId, change.address, steps.readOptions);
    return {
      ok: false,
      summary: `Could not move ${change.address}. ${bound.outcome.message} ${sentence(restored.problem)} ${now}`,
      steps: steps.outcomes,
    };
  },

  reconcile(_args, plan, journal, context) {
    const change = singleChange(plan);
    const target = plannedTarget(plan);
    return reconcileBindings([{ ...change, after: nicOf(target) }], journal, context, `${change.address} is bound to ${describeBinding(target)}.`);
  },
};

/**
 * Puts the EIP back where it was after the bind to the target failed. A bind the cloud
 * accepted and then failed (Huawei BIND_ERROR) leaves the EIP attached to the target,
 * and a bound EIP cannot be bound elsewhere (VPC.0510): it is released first. An EIP
 * still changing cannot be touched (VPC.0512), so it is left alone and reported.
 */
async function putBack(
  provider: EipProvider,
  steps: ExecutionSteps,
  change: EipChange,
  before: NicBinding,
): Promise<{ ok: true } | { ok: false; problem: string }> {
  const live = await steps.read({
    label: `check ${change.address} after the failed bind`,
    run: (options) => provider.describeEip(change.eipId, options),
    problem: (eip) => (eip.status === 'pending' ? `${change.address} is changing right now (${eip.providerStatus}), so it was not put back` : undefined),
    ok: `Read where ${change.address} is after the failed bind.`,
    failed: `Could not read ${change.address} to put it back`,
  });
  if (!live.ok) return { ok: false, problem: live.problem };
  if (live.value.binding !== undefined) {
    const released = await steps.write(unbindStep(provider, change, { eipId: change.eipId }, undefined, 'release'));
    if (!released.ok) return { ok: false, problem: released.outcome.message };
  }
  const restored = await steps.write(bindStep(provider, change, targetOf(before), 'restore'));
  return restored.ok ? { ok: true } : { ok: false, problem: restored.outcome.message };
}
