import { isProviderError } from '../providers/provider-error.js';
import type { CallOptions, Eip, EipProvider } from '../providers/provider.js';
import { PlanRefusal } from './plan-refusal.js';

/** `hw-prod (huawei cn-north-4)`: tells the user which account was searched. */
export function accountText(provider: EipProvider): string {
  const { name, provider: cloud, region } = provider.account;
  return `${name} (${cloud} ${region})`;
}

/**
 * The EIP a user named (id or public address), settled and attached, if at all, to a
 * server NIC: a request made while it is changing, in error or used by a load
 * balancer or VPN would plan against a state nobody can promise.
 */
export async function lookUpChangeableEip(provider: EipProvider, ref: string, options: CallOptions = {}): Promise<Eip> {
  let eip: Eip;
  try {
    eip = await provider.describeEip(ref, options);
  } catch (error) {
    if (isProviderError(error) && error.kind === 'not_found') {
      throw new PlanRefusal(
        'eip-not-found',
        `There is no EIP ${ref} in account ${accountText(provider)}. Check the address or id, or name the account that holds it with --account.`,
        { cause: error },
      );
    }
    throw error;
  }
  switch (eip.status) {
    case 'pending':
      throw new PlanRefusal('eip-busy', `${eip.address} is changing right now (${eip.providerStatus}); wait a minute and request again.`);
    case 'error':
      throw new PlanRefusal(
        'eip-busy',
        `${eip.address} is in error status ${eip.providerStatus} at the cloud; repair it in the cloud console before changing it with eipbot.`,
      );
    case 'other':
      throw new PlanRefusal(
        'eip-not-on-nic',
        `${eip.address} is in use by something other than a server NIC (status ${eip.providerStatus}); eipbot only changes server bindings.`,
      );
    case 'bound':
      if (eip.binding === undefined) {
        throw new PlanRefusal(
          'eip-not-on-nic',
          `${eip.address} is bound to something other than a server NIC (status ${eip.providerStatus}); eipbot only changes server bindings.`,
        );
      }
      return eip;
    case 'unbound':
      return eip;
  }
}
