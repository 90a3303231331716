import type { Eip, NicBinding } from '../providers/provider.js';

/** `NIC eni-1a2b3c4d (10.0.0.5) of server ins-9z8y7x6w`: what users read in plans and results. */
export function describeBinding(binding: NicBinding): string {
  const ip = binding.privateIp === undefined ? '' : ` (${binding.privateIp})`;
  const server = binding.serverId === undefined ? '' : ` of server ${binding.serverId}`;
  return `NIC ${binding.nicId}${ip}${server}`;
}

/** Where an EIP is right now, with the provider's own status word: `bound to NIC … (ACTIVE)`. */
export function describeEipState(eip: Eip): string {
  switch (eip.status) {
    case 'bound':
      return eip.binding === undefined
        ? `bound to something that is not a NIC (${eip.providerStatus})`
        : `bound to ${describeBinding(eip.binding)} (${eip.providerStatus})`;
    case 'unbound':
      return `unbound (${eip.providerStatus})`;
    case 'pending':
      return `changing (${eip.providerStatus})`;
    case 'error':
      return `in error status ${eip.providerStatus}`;
    case 'other':
      return `in status ${eip.providerStatus}, used by something other than a server NIC`;
  }
}
