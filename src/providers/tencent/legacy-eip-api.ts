import type { BindTarget, CallOptions, Eip, UnbindRef, WriteReceipt } from '../provider.js';
import { eipStatusOf, legacyPhase, legacyStatusText, type TencentAddress } from './address-status.js';
import type { DescribeEipQuery, TencentLegacyClient } from './client-legacy.js';
import type { EipQuery, NicInfo, Recheck, TencentEipApi } from './eip-api.js';
import type { LegacyEip, LegacyNetworkInterface } from './legacy-schemas.js';

/**
 * The legacy API 2.0 behind the provider's seam (see client-legacy.ts for why it is
 * legacy). No tasks and no AllocateAddresses: the provider polls DescribeEip and
 * refuses `createEip` on such an account.
 */
export class LegacyEipApi implements TencentEipApi {
  /** CreateEip exists in API 2.0 but eipbot creates EIPs through API 3.0 only. */
  readonly operations = { describe: 'DescribeEip', bind: 'EipBindInstance', unbind: 'EipUnBindInstance', create: 'CreateEip' };
  readonly #client: TencentLegacyClient;

  constructor(client: TencentLegacyClient) {
    this.#client = client;
  }

  async getEip(eipId: string, options?: CallOptions): Promise<TencentAddress | undefined> {
    const [eip] = await this.#client.describeEip({ eipIds: [eipId] }, options);
    return eip && toAddress(eip);
  }

  async findEips(query: EipQuery, options?: CallOptions): Promise<TencentAddress[]> {
    const describe: DescribeEipQuery = {
      ...(query.address !== undefined && { eips: [query.address] }),
      ...(query.nicIds !== undefined && { networkInterfaceIds: query.nicIds }),
      ...(query.privateIp !== undefined && { privateIpAddress: query.privateIp }),
      // searchKey matches names fuzzily; the exact match is made below.
      ...(query.name !== undefined && { searchKey: query.name }),
    };
    const eips = await this.#client.describeEip(describe, options);
    return eips.filter((eip) => query.name === undefined || eip.eipName === query.name).map(toAddress);
  }

  async listNics(query: { serverId: string } | { nicId: string }, options?: CallOptions): Promise<NicInfo[]> {
    const interfaces = await this.#client.describeNetworkInterfaces(
      'serverId' in query ? { instanceId: query.serverId } : { networkInterfaceId: query.nicId },
      options,
    );
    return interfaces.map(toNic);
  }

  async bind(eipId: string, target: BindTarget & { privateIp: string }, recheck: Recheck, options?: CallOptions): Promise<WriteReceipt> {
    const input =
      target.ref.kind === 'server' && target.serverId !== undefined
        ? { eipId, unInstanceId: target.serverId }
        : { eipId, networkInterfaceId: target.nicId, privateIpAddress: target.privateIp };
    await this.#client.eipBindInstance(input, recheck, options);
    // Legacy writes carry neither a request id nor a task: the receipt only names the call.
    return { operation: this.operations.bind };
  }

  async unbind(current: TencentAddress, ref: UnbindRef, reallocWanIp: boolean, recheck: Recheck, options?: CallOptions): Promise<WriteReceipt> {
    const input =
      'eipId' in ref
        ? { eipId: current.eip.id, allocWanIp: reallocWanIp }
        : { networkInterfaceId: ref.nicId, privateIpAddress: ref.privateIp, allocWanIp: reallocWanIp };
    await this.#client.eipUnBindInstance(input, recheck, options);
    return { operation: this.operations.unbind };
  }
}

function toAddress(legacy: LegacyEip): TencentAddress {
  const phase = legacyPhase(legacy.status);
  const status = eipStatusOf(phase);
  const eip: Eip = { id: legacy.eipId, address: legacy.eip, status, providerStatus: String(legacy.status) };
  if ((status === 'bound' || status === 'pending') && legacy.networkInterfaceId) {
    eip.binding = {
      nicId: legacy.networkInterfaceId,
      ...(legacy.privateIpAddress && { privateIp: legacy.privateIpAddress }),
      ...(legacy.unInstanceId?.startsWith('ins-') && { serverId: legacy.unInstanceId }),
    };
  }
  if (legacy.bandwidth != null) eip.bandwidthMbps = legacy.bandwidth;
  if (legacy.eipName) eip.name = legacy.eipName;
  return { eip, phase, statusText: legacyStatusText(legacy.status) };
}

function toNic(nic: LegacyNetworkInterface): NicInfo {
  const serverId = nic.instanceSet && !Array.isArray(nic.instanceSet) ? nic.instanceSet.instanceId : undefined;
  return {
    nicId: nic.networkInterfaceId,
    primary: nic.primary === true,
    ...(serverId && { serverId }),
    privateIps: (nic.privateIpAddressesSet ?? []).map((ip) => ({ address: ip.privateIpAddress, primary: ip.primary === true })),
  };
}
