import { isProviderError } from '../providers/provider-error.js';
import type { CallOptions, EipProvider, NicVip, NicVipOperations } from '../providers/provider.js';
import { sentence } from './sentence.js';
import { NOTHING_CHANGED, reconcileOptions } from './reconcile-bindings.js';
import type { ExecutionContext, ReconcileOutcome, VipChange } from './workflow.js';
import { accountText } from './eip-lookup.js';
import { PlanRefusal } from './plan-refusal.js';

type Vip = { address: string; subnetId: string };

/** The NIC virtual-IP operations of the account's cloud; only Huawei ECS has them (seed 003). */
export function requireNicVips(provider: EipProvider): NicVipOperations {
  if (provider.nicVips === undefined) {
    throw new PlanRefusal(
      'vip-unsupported',
      `Account ${accountText(provider)} has no NIC virtual IPs: they exist on Huawei Cloud ECS only. Name a Huawei account with --account.`,
    );
  }
  return provider.nicVips;
}

export async function describeNicVips(provider: EipProvider, vips: NicVipOperations, nicId: string, options: CallOptions): Promise<NicVip> {
  try {
    return await vips.describe(nicId, options);
  } catch (error) {
    if (isProviderError(error) && error.kind === 'not_found') {
      throw new PlanRefusal('target-not-found', `There is no NIC ${nicId} in account ${accountText(provider)}. Check the NIC id.`, { cause: error });
    }
    throw error;
  }
}

export function vipListText(vips: readonly Vip[]): string {
  return vips.length === 0 ? 'no virtual IP' : `virtual IP ${vips.map((vip) => vip.address).join(', ')}`;
}

/** Undefined when the NIC carries exactly the expected virtual IPs, else what it carries now. */
export function vipDrift(nicId: string, expected: readonly Vip[], live: NicVip): string | undefined {
  const want = new Set(expected.map((vip) => vip.address));
  const have = new Set(live.vips.map((vip) => vip.address));
  const same = want.size === have.size && [...want].every((address) => have.has(address));
  return same ? undefined : `NIC ${nicId} now carries ${vipListText(live.vips)}`;
}

/** What the NIC carries after a failed step, so the user need not guess. */
export async function nicVipsNow(operations: NicVipOperations, nicId: string, options: CallOptions): Promise<string> {
  try {
    return `NIC ${nicId} now carries ${vipListText((await operations.describe(nicId, options)).vips)}.`;
  } catch (error) {
    if (!isProviderError(error)) throw error;
    return `What NIC ${nicId} carries now could not be read: ${sentence(error.userMessage)}`;
  }
}

/** Decides an interrupted virtual-IP change from what the NIC carries now; never writes. */
export async function reconcileVip(vip: VipChange, operations: NicVipOperations, context: ExecutionContext): Promise<ReconcileOutcome> {
  try {
    const live = await operations.describe(vip.nicId, reconcileOptions(context));
    if (vipDrift(vip.nicId, vip.after, live) === undefined) {
      return { status: 'succeeded', message: `The change took effect before the interruption: NIC ${vip.nicId} carries ${vipListText(live.vips)}.` };
    }
    if (vipDrift(vip.nicId, vip.before, live) === undefined) return { status: 'failed', message: NOTHING_CHANGED };
    return { status: 'failed', message: `Interrupted part-way: NIC ${vip.nicId} now carries ${vipListText(live.vips)}. Check it before requesting again.` };
  } catch (error) {
    if (!isProviderError(error)) throw error;
    return { status: 'failed', message: `Interrupted, and the virtual IPs of NIC ${vip.nicId} could not be read: ${sentence(error.userMessage)}` };
  }
}
