import type { Config } from '../config/schema.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import { applyPolicy, PolicyRefusal, resolveAccount, type RequestChannel } from '../requests/policy.js';
import type { LiveEipReader } from '../slack/live-eip-reader.js';

/**
 * `/eip show` and `/eip list` over the providers: the account is resolved as for a change
 * (`--account`, else `defaultAccount`), and the policy's `channels`, which say where
 * `/eip` may be used (SPEC §4), apply to reads too: a read shows addresses and server ids.
 */
export function providerEipReader(config: Pick<Config, 'accounts' | 'defaultAccount' | 'policy'>, providers: ProviderRegistry): LiveEipReader {
  const accountFor = (named: string | undefined, channel: RequestChannel): string => {
    const account = resolveAccount(config, named);
    const applied = applyPolicy(config, account, channel);
    const allowed = applied.policy.channels;
    if (allowed.length > 0 && !allowed.includes(channel.id) && !applied.incident) {
      throw new PolicyRefusal(`EIPs of account ${account} cannot be looked up in this channel; use /eip in ${allowed.map((id) => `<#${id}>`).join(', ')}.`);
    }
    return account;
  };
  return {
    async show({ account: named, eip, channel }) {
      const account = accountFor(named, channel);
      return { account, eip: await providers.get(account).describeEip(eip) };
    },
    async list({ account: named, serverId, channel }) {
      const account = accountFor(named, channel);
      return { account, eips: await providers.get(account).listEips(serverId === undefined ? {} : { serverId }) };
    },
  };
}
