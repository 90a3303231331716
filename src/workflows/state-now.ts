import { isProviderError } from '../providers/provider-error.js';
import type { CallOptions, EipProvider } from '../providers/provider.js';
import { describeEipState } from './binding-text.js';
import { sentence } from './sentence.js';

/**
 * One last read after a failed step, so the user learns where the EIP is now instead
 * of guessing (a failed or ambiguous write may still have taken effect).
 */
export async function stateNow(provider: EipProvider, eipId: string, address: string, options: CallOptions): Promise<string> {
  try {
    return `${address} is now ${describeEipState(await provider.describeEip(eipId, options))}.`;
  } catch (error) {
    if (!isProviderError(error)) throw error;
    return `The current state of ${address} could not be read: ${sentence(error.userMessage)} Check it with /eip show ${address}.`;
  }
}
