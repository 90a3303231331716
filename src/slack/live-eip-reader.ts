import type { Eip } from '../providers/provider.js';
import type { RequestChannel } from '../requests/policy.js';

/**
 * Live reads for `/eip show` and `/eip list`. The Slack layer never calls a provider
 * itself (CONVENTIONS: arrows point down); the composition root implements this over
 * the provider registry. Rejects with typed errors: an unknown account names the
 * accounts there are, a channel outside the policy says where to ask.
 */
export interface LiveEipReader {
  show(input: { account?: string; eip: string; channel: RequestChannel }): Promise<{ account: string; eip: Eip }>;
  list(input: { account?: string; serverId?: string; channel: RequestChannel }): Promise<{ account: string; eips: Eip[] }>;
}
