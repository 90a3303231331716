import { isProviderError } from '../providers/provider-error.js';
import type { BindTarget, CallOptions, EipProvider, NicBinding, TargetRef } from '../providers/provider.js';
import { sameNic } from './binding-drift.js';
import { describeBinding } from './binding-text.js';
import { accountText } from './eip-lookup.js';
import { PlanRefusal } from './plan-refusal.js';
import { sentence } from './sentence.js';

/** How a user names one NIC in a command, in the account's own terms (SPEC §2). */
export function nicTargetSyntax(provider: EipProvider, nic?: NicBinding): string {
  if (provider.account.provider === 'huawei') return `port:${nic?.nicId ?? '<port-id>'}`;
  return `eni:${nic?.nicId ?? '<eni-id>'}/${nic?.privateIp ?? '<private-ip>'}`;
}

function targetRefText(ref: TargetRef): string {
  if (ref.kind === 'server') return `server ${ref.serverId}`;
  return ref.privateIp === undefined ? `NIC ${ref.nicId}` : `NIC ${ref.nicId} (${ref.privateIp})`;
}

/**
 * Resolves a bind target to a concrete NIC that carries no EIP yet (a NIC address
 * carries at most one: Huawei VPC.0511, Tencent AddressQuotaLimitExceeded per private
 * IP), with a note for the approver when a server has several NICs.
 */
export async function resolveFreeTarget(
  provider: EipProvider,
  ref: TargetRef,
  options: CallOptions = {},
  /** An EIP that may sit on the target (move: the EIP itself), checked by the caller. */
  ignoreEipId?: string,
): Promise<{ target: BindTarget; notes: string[] }> {
  let target: BindTarget;
  try {
    target = await provider.resolveTarget(ref, options);
  } catch (error) {
    // Providers say `not_found` for an unknown NIC or server, `invalid` for a server without NICs.
    if (isProviderError(error) && (error.kind === 'not_found' || error.kind === 'invalid')) {
      const hint =
        ref.kind === 'server'
          ? `Check the server id, or name a NIC with ${nicTargetSyntax(provider)}.`
          : 'Check the NIC id and private IP.';
      throw new PlanRefusal('target-not-found', `Cannot bind to ${targetRefText(ref)} in account ${accountText(provider)}: ${sentence(error.userMessage)} ${hint}`, {
        cause: error,
      });
    }
    throw error;
  }
  const occupant = (await provider.listEips({ nicId: target.nicId, privateIp: target.privateIp }, options)).find(
    (eip) => eip.id !== ignoreEipId && eip.binding !== undefined && sameNic(eip.binding, target),
  );
  if (occupant !== undefined) {
    throw new PlanRefusal(
      'target-occupied',
      `${describeBinding(target)} already has EIP ${occupant.address} bound, and a NIC address carries only one. Unbind or move ${occupant.address} first, or choose another target.`,
    );
  }
  return { target, notes: otherNicNotes(provider, target) };
}

function otherNicNotes(provider: EipProvider, target: BindTarget): string[] {
  const others = target.otherNics ?? [];
  if (target.ref.kind !== 'server' || others.length === 0) return [];
  const choices = others.map((nic) => `${nicTargetSyntax(provider, nic)} (${nic.privateIp ?? 'no private IP'})`).join(', ');
  return [
    `Server ${target.ref.serverId} has ${others.length + 1} NICs; this binds to its primary NIC ${target.nicId}${
      target.privateIp === undefined ? '' : ` (${target.privateIp})`
    }. To use another, request again with the target ${choices}.`,
  ];
}
