import type { CallOptions, Eip, EipProvider, UnbindRef } from '../providers/provider.js';
import { sameNic } from './binding-drift.js';
import { describeBinding } from './binding-text.js';
import { checkBindings, unchangedResult } from './drift-check.js';
import { accountText, lookUpChangeableEip } from './eip-lookup.js';
import { unbindStep } from './eip-write-steps.js';
import { ExecutionSteps } from './execution-steps.js';
import { PlanRefusal } from './plan-refusal.js';
import { planOptions, plannedBefore, singleChange, targetOf } from './plan-shape.js';
import { reconcileBindings } from './reconcile-bindings.js';
import { stateNow } from './state-now.js';
import type { ActionArgs, Workflow } from './workflow.js';

type UnbindArgs = Extract<ActionArgs, { action: 'unbind' }>;

/**
 * `/eip unbind <eip>`: by the EIP, or (Tencent, seed 004) by the NIC and private IP
 * it is bound to, optionally giving the server a normal public IP afterwards. Undo
 * binds it back to the same NIC address.
 */
export const unbindWorkflow: Workflow<UnbindArgs> = {
  action: 'unbind',

  async plan(args, context) {
    const options = planOptions(context);
    const eip = args.ref.kind === 'eip' ? await lookUpChangeableEip(context.provider, args.ref.eip, options) : await eipOnNic(context.provider, args.ref, options);
    if (eip.binding === undefined) {
      throw new PlanRefusal('eip-unbound', `${eip.address} is not bound to anything, so there is nothing to unbind.`);
    }
    return {
      action: 'unbind',
      changes: [
        {
          eipId: eip.id,
          address: eip.address,
          before: eip.binding,
          providerStatus: eip.providerStatus,
          ...(eip.bandwidthMbps === undefined ? {} : { bandwidthMbps: eip.bandwidthMbps }),
        },
      ],
      notes: args.reallocWanIp === true ? [`The server gets a normal (non-elastic) public IP after the unbind.`] : [],
    };
  },

  async execute(args, plan, context) {
    const change = singleChange(plan);
    const before = plannedBefore(plan, change);
    const steps = new ExecutionSteps(context);
    const check = await checkBindings(steps, context, [change]);
    if (!check.ok) return unchangedResult(steps, check);
    const ref: UnbindRef = args.ref.kind === 'nic' ? { nicId: args.ref.nicId, privateIp: args.ref.privateIp } : { eipId: change.eipId };
    const unbound = await steps.write(unbindStep(context.provider, change, ref, args.reallocWanIp));
    if (!unbound.ok) {
      const now = await stateNow(context.provider, change.eipId, change.address, steps.readOptions);
      return { ok: false, summary: `${unbound.outcome.message} ${now}`, steps: steps.outcomes };
    }
    return {
      ok: true,
      summary: `Unbound ${change.address} from ${describeBinding(before)}.`,
      steps: steps.outcomes,
      undo: { action: 'bind', eip: change.eipId, target: targetOf(before).ref },
    };
  },

  reconcile(_args, plan, journal, context) {
    const change = singleChange(plan);
    return reconcileBindings([{ ...change, after: undefined }], journal, context, `${change.address} is unbound.`);
  },
};

async function eipOnNic(provider: EipProvider, nic: { nicId: string; privateIp: string }, options: CallOptions): Promise<Eip> {
  const found = (await provider.listEips({ nicId: nic.nicId, privateIp: nic.privateIp }, options)).find(
    (eip) => eip.binding !== undefined && sameNic(eip.binding, nic),
  );
  if (found === undefined) {
    throw new PlanRefusal(
      'nothing-bound',
      `No EIP is bound to NIC ${nic.nicId} (${nic.privateIp}) in account ${accountText(provider)}. Check the NIC id and private IP with /eip list --server <server-id>.`,
    );
  }
  return lookUpChangeableEip(provider, found.id, options);
}
