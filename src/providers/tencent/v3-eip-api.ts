import type { BindTarget, CallOptions, Eip, UnbindRef, WriteReceipt } from '../provider.js';
import { eipStatusOf, v3Phase, type TencentAddress } from './address-status.js';
import type { Filter, TencentV3Client } from './client-v3.js';
import type { EipQuery, NicInfo, Recheck, TencentEipApi } from './eip-api.js';
import type { Address, NetworkInterface, TaskResult } from './v3-schemas.js';

/** API 3.0 behind the provider's seam: DescribeAddresses, Associate/Disassociate, tasks, AllocateAddresses, ENIs. */
export class V3EipApi implements TencentEipApi {
  readonly operations = {
    describe: 'DescribeAddresses',
    bind: 'AssociateAddress',
    unbind: 'DisassociateAddress',
    create: 'AllocateAddresses',
  };
  readonly #client: TencentV3Client;

  constructor(client: TencentV3Client) {
    this.#client = client;
  }

  async getEip(eipId: string, options?: CallOptions): Promise<TencentAddress | undefined> {
    const [address] = await this.#client.describeAddresses({ addressIds: [eipId] }, options);
    return address && toAddress(address);
  }

  async findEips(query: EipQuery, options?: CallOptions): Promise<TencentAddress[]> {
    const filters: Filter[] = [];
    if (query.address !== undefined) filters.push({ Name: 'address-ip', Values: [query.address] });
    if (query.nicIds !== undefined) filters.push({ Name: 'network-interface-id', Values: query.nicIds });
    if (query.privateIp !== undefined) filters.push({ Name: 'private-ip-address', Values: [query.privateIp] });
    if (query.name !== undefined) filters.push({ Name: 'address-name', Values: [query.name] });
    const addresses = await this.#client.describeAddresses(filters.length > 0 ? { filters } : {}, options);
    return addresses.map(toAddress);
  }

  async listNics(query: { serverId: string } | { nicId: string }, options?: CallOptions): Promise<NicInfo[]> {
    const interfaces = await this.#client.describeNetworkInterfaces(
      'serverId' in query
        ? { filters: [{ Name: 'attachment.instance-id', Values: [query.serverId] }] }
        : { networkInterfaceIds: [query.nicId] },
      options,
    );
    return interfaces.map(toNic);
  }

  async bind(eipId: string, target: BindTarget & { privateIp: string }, recheck: Recheck, options?: CallOptions): Promise<WriteReceipt> {
    // A server target goes by InstanceId, as Tencent documents it: "binds the primary private IP of the primary ENI".
    const input =
      target.ref.kind === 'server' && target.serverId !== undefined
        ? { addressId: eipId, instanceId: target.serverId }
        : { addressId: eipId, networkInterfaceId: target.nicId, privateIpAddress: target.privateIp };
    return receipt(this.operations.bind, await this.#client.associateAddress(input, recheck, options));
  }

  async unbind(current: TencentAddress, _ref: UnbindRef, reallocWanIp: boolean, recheck: Recheck, options?: CallOptions): Promise<WriteReceipt> {
    // API 3.0 unbinds by AddressId only: an ENI + IP reference was resolved to `current` by the provider.
    const outcome = await this.#client.disassociateAddress({ addressId: current.eip.id, reallocateNormalPublicIp: reallocWanIp }, recheck, options);
    return receipt(this.operations.unbind, outcome);
  }

  taskResult(taskId: string, options?: CallOptions): Promise<TaskResult> {
    return this.#client.describeTaskResult(taskId, options);
  }

  async allocate(
    input: { name: string; bandwidthMbps: number; clientToken: string },
    options?: CallOptions,
  ): Promise<{ eipId: string; taskId?: string; requestId?: string }> {
    const { addressId, taskId, requestId } = await this.#client.allocateAddresses(input, options);
    return { eipId: addressId, taskId, requestId };
  }
}

function receipt(operation: string, outcome: Awaited<ReturnType<TencentV3Client['associateAddress']>>): WriteReceipt {
  if (!outcome.sent) return { operation };
  return { operation, requestId: outcome.requestId, taskId: outcome.taskId };
}

function toAddress(address: Address): TencentAddress {
  const phase = v3Phase(address.AddressStatus);
  const status = eipStatusOf(phase);
  const eip: Eip = { id: address.AddressId, address: address.AddressIp, status, providerStatus: address.AddressStatus };
  if ((status === 'bound' || status === 'pending') && address.NetworkInterfaceId) {
    eip.binding = {
      nicId: address.NetworkInterfaceId,
      ...(address.PrivateAddressIp && { privateIp: address.PrivateAddressIp }),
      // InstanceId also names NAT gateways and load balancers; only a CVM instance is a server.
      ...(address.InstanceId?.startsWith('ins-') && { serverId: address.InstanceId }),
    };
  }
  if (address.Bandwidth != null) eip.bandwidthMbps = address.Bandwidth;
  if (address.AddressName) eip.name = address.AddressName;
  return { eip, phase, statusText: address.AddressStatus };
}

function toNic(nic: NetworkInterface): NicInfo {
  return {
    nicId: nic.NetworkInterfaceId,
    primary: nic.Primary === true,
    ...(nic.Attachment?.InstanceId && { serverId: nic.Attachment.InstanceId }),
    privateIps: (nic.PrivateIpAddressSet ?? []).map((ip) => ({ address: ip.PrivateIpAddress, primary: ip.Primary === true })),
  };
}
