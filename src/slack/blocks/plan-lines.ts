import type { EipChange, Plan, VipChange } from '../../workflows/workflow.js';
import { bindingText } from './describe-binding.js';
import { code, escapeMrkdwn } from './mrkdwn.js';

/** One EIP's change: `• *203.0.113.10* `eip-…` (BIND, 5 Mbit/s): server … · NIC … → _unbound_`. */
export function changeLine(change: EipChange): string {
  const facts = [change.providerStatus, change.bandwidthMbps === undefined ? undefined : `${change.bandwidthMbps} Mbit/s`].filter(
    (fact): fact is string => fact !== undefined,
  );
  const label = `*${escapeMrkdwn(change.address)}* ${code(change.eipId)}${facts.length === 0 ? '' : ` (${escapeMrkdwn(facts.join(', '))})`}`;
  return `• ${label}: ${bindingText(change.before)} → ${bindingText(change.after)}`;
}

function vipList(vips: VipChange['before']): string {
  return vips.length === 0 ? '_none_' : vips.map((vip) => `${escapeMrkdwn(vip.address)} (subnet ${code(vip.subnetId)})`).join(', ');
}

/**
 * The plan as the approver reads it: the state before → the state after, one line per
 * EIP (an isolate has one per EIP of the server), then what will be created and the
 * virtual IPs that change.
 */
export function planLines(plan: Plan): string[] {
  const lines = plan.changes.map(changeLine);
  if (plan.create !== undefined) {
    lines.push(
      `• new pay-per-use EIP ${code(plan.create.name)} with ${plan.create.bandwidthMbps} Mbit/s dedicated bandwidth → ${bindingText(plan.target)}`,
    );
  }
  if (plan.vip !== undefined) {
    const server = plan.vip.serverId === undefined ? '' : ` of server ${code(plan.vip.serverId)}`;
    lines.push(`• NIC ${code(plan.vip.nicId)}${server}: virtual IP ${vipList(plan.vip.before)} → ${vipList(plan.vip.after)}`);
  }
  if (lines.length === 0) lines.push('_Nothing to change: the live state already matches._');
  return lines;
}
