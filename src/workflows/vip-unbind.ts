import type { NicVip } from '../providers/provider.js';
import { unchangedResult } from './drift-check.js';
import { ExecutionSteps } from './execution-steps.js';
import { describeNicVips, nicVipsNow, reconcileVip, requireNicVips, vipDrift, vipListText } from './nic-vips.js';
import { PlanRefusal } from './plan-refusal.js';
import { planOptions, plannedVip } from './plan-shape.js';
import type { ActionArgs, Workflow } from './workflow.js';

type VipUnbindArgs = Extract<ActionArgs, { action: 'vip-unbind' }>;

/**
 * `/eip vip unbind <nic-id>` (seed 003, Huawei ECS): the PUT with empty subnet_id and
 * ip_address detaches the virtual IP from the NIC; the NIC itself stays. Undo binds the
 * virtual IP back when there was exactly one (the bind call takes one address).
 */
export const vipUnbindWorkflow: Workflow<VipUnbindArgs> = {
  action: 'vip-unbind',

  async plan(args, context) {
    const operations = requireNicVips(context.provider);
    const nic = await describeNicVips(context.provider, operations, args.nicId, planOptions(context));
    if (nic.vips.length === 0) {
      throw new PlanRefusal('no-vip', `NIC ${args.nicId} has no virtual IP bound, so there is nothing to unbind.`);
    }
    return {
      action: 'vip-unbind',
      changes: [],
      vip: { nicId: nic.nicId, ...(nic.serverId === undefined ? {} : { serverId: nic.serverId }), before: nic.vips, after: [] },
      notes: [
        `Unbinds ${vipListText(nic.vips)} from NIC ${nic.nicId}${nic.serverId === undefined ? '' : ` of server ${nic.serverId}`}; the NIC stays.`,
        ...(nic.vips.length > 1 ? ['Undo will not be offered: it can bind back one virtual IP, and this NIC has several.'] : []),
      ],
    };
  },

  async execute(_args, plan, context) {
    const vip = plannedVip(plan);
    const operations = requireNicVips(context.provider);
    const steps = new ExecutionSteps(context);
    const check = await steps.read({
      label: 'check live state',
      run: (options) => operations.describe(vip.nicId, options),
      problem: (live: NicVip) => vipDrift(vip.nicId, vip.before, live),
      ok: 'The NIC still carries the planned virtual IP.',
      failed: 'Could not read the live state, so nothing was changed',
    });
    if (!check.ok) return unchangedResult(steps, check);
    const unbound = await steps.write({
      step: 'vip-unbind',
      label: `unbind ${vipListText(vip.before)} from ${vip.nicId}`,
      write: async (options) => ({ receipt: await operations.unbind(vip.nicId, options), value: undefined }),
      confirm: (_written, options) => operations.waitUntil(vip.nicId, [], options),
      succeeded: () => `Unbound ${vipListText(vip.before)} from NIC ${vip.nicId}.`,
      failed: `Could not unbind ${vipListText(vip.before)} from NIC ${vip.nicId}`,
    });
    if (!unbound.ok) {
      return { ok: false, summary: `${unbound.outcome.message} ${await nicVipsNow(operations, vip.nicId, steps.readOptions)}`, steps: steps.outcomes };
    }
    const only = vip.before.length === 1 ? vip.before[0] : undefined;
    return {
      ok: true,
      summary: `Unbound ${vipListText(vip.before)} from NIC ${vip.nicId}.`,
      steps: steps.outcomes,
      ...(only === undefined ? {} : { undo: { action: 'vip-bind', nicId: vip.nicId, vip: only } }),
    };
  },

  reconcile(_args, plan, _journal, context) {
    return reconcileVip(plannedVip(plan), requireNicVips(context.provider), context);
  },
};
