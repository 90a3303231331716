import type { NicBinding, TargetRef } from '../../providers/provider.js';
import { code, escapeMrkdwn } from './mrkdwn.js';

/** Where an EIP is attached, for mrkdwn: `server `ins-1` · NIC `eni-1` · 10.0.1.10`, or `unbound`. */
export function bindingText(binding: NicBinding | undefined): string {
  if (binding === undefined) return '_unbound_';
  const parts = [
    ...(binding.serverId === undefined ? [] : [`server ${code(binding.serverId)}`]),
    `NIC ${code(binding.nicId)}`,
    ...(binding.privateIp === undefined ? [] : [escapeMrkdwn(binding.privateIp)]),
  ];
  return parts.join(' · ');
}

/** A bind target as the user named it, in plain text: `server ins-1`, `NIC eni-1 / 10.0.2.12`. */
export function targetRefText(ref: TargetRef): string {
  if (ref.kind === 'server') return `server ${ref.serverId}`;
  return ref.privateIp === undefined ? `NIC ${ref.nicId}` : `NIC ${ref.nicId} / ${ref.privateIp}`;
}
