import type { Eip, NicBinding } from '../providers/provider.js';
import { describeEipState } from './binding-text.js';

/** Same NIC, and the same private IP when both sides know it (Huawei ports carry one, Tencent ENIs several). */
export function sameNic(a: NicBinding, b: NicBinding): boolean {
  if (a.nicId !== b.nicId) return false;
  return a.privateIp === undefined || b.privateIp === undefined || a.privateIp === b.privateIp;
}

/**
 * Whether the live EIP is settled in the expected binding (`undefined` = unbound).
 * Returns undefined when it is, or a sentence saying where it is instead; a transient
 * or error status never matches, since neither is the state anyone planned for.
 */
export function bindingDrift(expected: NicBinding | undefined, live: Eip): string | undefined {
  const now = `${live.address} is now ${describeEipState(live)}`;
  if (expected === undefined) return live.status === 'unbound' ? undefined : now;
  if (live.status !== 'bound' || live.binding === undefined) return now;
  return sameNic(expected, live.binding) ? undefined : now;
}
