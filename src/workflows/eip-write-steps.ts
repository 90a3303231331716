import type { BindTarget, EipProvider, Eip, UnbindRef } from '../providers/provider.js';
import { describeBinding } from './binding-text.js';
import type { WriteStep } from './execution-steps.js';

/** Bind one EIP and wait until the cloud shows it on the target NIC; `restore` puts an EIP back where it was. */
export function bindStep(
  provider: EipProvider,
  eip: { eipId: string; address: string },
  target: BindTarget,
  step: 'bind' | 'restore' = 'bind',
): WriteStep<undefined, Eip> {
  const where = describeBinding(target);
  const back = step === 'restore';
  return {
    step,
    label: `${step} ${eip.address} → ${target.nicId}`,
    eipId: eip.eipId,
    write: async (options) => ({ receipt: await provider.bind(eip.eipId, target, options), value: undefined }),
    confirm: (written, options) => provider.waitUntilBound(eip.eipId, target, written.receipt, options),
    succeeded: (live) => `${back ? 'Put' : 'Bound'} ${eip.address} ${back ? 'back on' : 'to'} ${where} (${live.providerStatus}).`,
    failed: back ? `Could not put ${eip.address} back on ${where}` : `Could not bind ${eip.address} to ${where}`,
  };
}

/**
 * Unbind one EIP (by its id, or by the NIC address it is on) and wait until the cloud
 * shows it unbound; `release` frees an EIP that a failed bind left attached to its target.
 */
export function unbindStep(
  provider: EipProvider,
  eip: { eipId: string; address: string },
  ref: UnbindRef,
  reallocWanIp: boolean | undefined,
  purpose: 'unbind' | 'release' = 'unbind',
): WriteStep<undefined, Eip> {
  const release = purpose === 'release';
  return {
    step: 'unbind',
    label: `${purpose} ${eip.address}`,
    eipId: eip.eipId,
    write: async (options) => ({
      receipt: await provider.unbind(ref, { ...options, ...(reallocWanIp === undefined ? {} : { reallocWanIp }) }),
      value: undefined,
    }),
    confirm: (written, options) => provider.waitUntilUnbound(eip.eipId, written.receipt, options),
    succeeded: (live) => (release ? `Released ${eip.address} from the failed bind (${live.providerStatus}).` : `Unbound ${eip.address} (${live.providerStatus}).`),
    failed: release ? `Could not release ${eip.address} from the failed bind` : `Could not unbind ${eip.address}`,
  };
}
