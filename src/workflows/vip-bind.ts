import type { NicVip } from '../providers/provider.js';
import { unchangedResult } from './drift-check.js';
import { ExecutionSteps } from './execution-steps.js';
import { describeNicVips, nicVipsNow, reconcileVip, requireNicVips, vipDrift, vipListText } from './nic-vips.js';
import { PlanRefusal } from './plan-refusal.js';
import { planOptions, plannedVip } from './plan-shape.js';
import type { ActionArgs, Workflow } from './workflow.js';

type VipBindArgs = Extract<ActionArgs, { action: 'vip-bind' }>;

/**
 * The Undo of `vip-unbind`: binds the virtual IP back to the NIC (Huawei ECS NIC PUT
 * with subnet_id + ip_address). Undo of this one unbinds it again, offered only when
 * the NIC carried no other virtual IP, since the unbind call detaches them all.
 */
export const vipBindWorkflow: Workflow<VipBindArgs> = {
  action: 'vip-bind',

  async plan(args, context) {
    const operations = requireNicVips(context.provider);
    const nic = await describeNicVips(context.provider, operations, args.nicId, planOptions(context));
    if (nic.vips.some((vip) => vip.address === args.vip.address)) {
      throw new PlanRefusal('vip-present', `NIC ${args.nicId} already carries virtual IP ${args.vip.address}; there is nothing to bind.`);
    }
    return {
      action: 'vip-bind',
      changes: [],
      vip: { nicId: nic.nicId, ...(nic.serverId === undefined ? {} : { serverId: nic.serverId }), before: nic.vips, after: [...nic.vips, args.vip] },
      notes: [`Binds virtual IP ${args.vip.address} back to NIC ${nic.nicId}${nic.serverId === undefined ? '' : ` of server ${nic.serverId}`}.`],
    };
  },

  async execute(args, plan, context) {
    const vip = plannedVip(plan);
    const operations = requireNicVips(context.provider);
    const steps = new ExecutionSteps(context);
    const check = await steps.read({
      label: 'check live state',
      run: (options) => operations.describe(vip.nicId, options),
      problem: (live: NicVip) => vipDrift(vip.nicId, vip.before, live),
      ok: `NIC ${vip.nicId} still carries ${vipListText(vip.before)}, as planned.`,
      failed: 'Could not read the live state, so nothing was changed',
    });
    if (!check.ok) return unchangedResult(steps, check);
    const bound = await steps.write({
      step: 'vip-bind',
      label: `bind virtual IP ${args.vip.address} to ${vip.nicId}`,
      write: async (options) => ({ receipt: await operations.bind(vip.nicId, args.vip, options), value: undefined }),
      confirm: (_written, options) => operations.waitUntil(vip.nicId, vip.after.map((entry) => entry.address), options),
      succeeded: () => `Bound virtual IP ${args.vip.address} to NIC ${vip.nicId}.`,
      failed: `Could not bind virtual IP ${args.vip.address} to NIC ${vip.nicId}`,
    });
    if (!bound.ok) {
      return { ok: false, summary: `${bound.outcome.message} ${await nicVipsNow(operations, vip.nicId, steps.readOptions)}`, steps: steps.outcomes };
    }
    return {
      ok: true,
      summary: `Bound virtual IP ${args.vip.address} to NIC ${vip.nicId}.`,
      steps: steps.outcomes,
      ...(vip.before.length === 0 ? { undo: { action: 'vip-unbind', nicId: vip.nicId } } : {}),
    };
  },

  reconcile(_args, plan, _journal, context) {
    return reconcileVip(plannedVip(plan), requireNicVips(context.provider), context);
  },
};
