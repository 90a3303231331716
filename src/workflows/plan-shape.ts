import { EipbotError, ErrorCode } from '../errors.js';
import type { BindTarget, CallOptions, NicBinding } from '../providers/provider.js';
import type { EipChange, Plan, PlanContext } from './workflow.js';

/** Plans are stored between planning and execution; one that lacks what its action needs is never executed. */
function incomplete(plan: Plan, missing: string): EipbotError {
  return new EipbotError(ErrorCode.Unknown, `The stored plan of this ${plan.action} request is incomplete, so nothing was changed; request it again.`, {
    detail: `${plan.action} plan without ${missing}`,
  });
}

export function singleChange(plan: Plan): EipChange {
  const change = plan.changes[0];
  if (change === undefined || plan.changes.length !== 1) throw incomplete(plan, 'exactly one EIP change');
  return change;
}

/** The binding a planned EIP had, for actions that start from a bound EIP. */
export function plannedBefore(plan: Plan, change: EipChange): NicBinding {
  if (change.before === undefined) throw incomplete(plan, `the binding of ${change.address}`);
  return change.before;
}

/** Where a planned EIP goes, for actions that bind EIPs to known NICs (restore). */
export function plannedAfter(plan: Plan, change: EipChange): NicBinding {
  if (change.after === undefined) throw incomplete(plan, `the new binding of ${change.address}`);
  return change.after;
}

export function plannedTarget(plan: Plan): BindTarget {
  if (plan.target === undefined) throw incomplete(plan, 'a target');
  return plan.target;
}

export function plannedVip(plan: Plan): NonNullable<Plan['vip']> {
  if (plan.vip === undefined) throw incomplete(plan, 'a virtual IP change');
  return plan.vip;
}

export function plannedCreate(plan: Plan): NonNullable<Plan['create']> {
  if (plan.create === undefined) throw incomplete(plan, 'an EIP to create');
  return plan.create;
}

/** A NIC binding without the extra fields of a resolved target, as stored in plans and undo requests. */
export function nicOf(binding: NicBinding): NicBinding {
  return {
    nicId: binding.nicId,
    ...(binding.privateIp === undefined ? {} : { privateIp: binding.privateIp }),
    ...(binding.serverId === undefined ? {} : { serverId: binding.serverId }),
  };
}

/** The target that puts an EIP back on a NIC it was bound to. */
export function targetOf(binding: NicBinding): BindTarget {
  return { ...nicOf(binding), ref: { kind: 'nic', nicId: binding.nicId, ...(binding.privateIp === undefined ? {} : { privateIp: binding.privateIp }) } };
}

export function planOptions(context: PlanContext): CallOptions {
  return {
    signal: context.signal,
    onEvent: (event) => context.onEvent?.({ type: 'provider', step: 'plan', event }),
  };
}
