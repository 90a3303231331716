import type { AddressStatus } from '../../providers/tencent/v3-schemas.js';
import { TencentSimError, type AddressView, type EniView, type TaskFate, type TencentSimState } from './tencent-sim-state.js';

/**
 * The legacy API 2.0 actions of the simulator (reference §2.4): the EIP module
 * (DescribeEip, EipBindInstance, EipUnBindInstance with every parameter of seed 004,
 * DescribeEipQuota) and the VPC module's DescribeNetworkInterfaces, which seed 004
 * points to for `networkInterfaceId`. They act on the same state as API 3.0.
 */
export const LEGACY_ACTIONS = new Set(['DescribeEip', 'EipBindInstance', 'EipUnBindInstance', 'DescribeEipQuota', 'DescribeNetworkInterfaces']);

export const LEGACY_WRITES = new Set(['EipBindInstance', 'EipUnBindInstance']);

/** DescribeEip `status` numbers (reference §2.4). */
const LEGACY_STATUS: Record<AddressStatus, number> = {
  CREATING: 0,
  BINDING: 1,
  BIND: 2,
  BIND_ENI: 2,
  UNBINDING: 3,
  UNBIND: 4,
  OFFLINING: 6,
};

export function handleLegacyAction(state: TencentSimState, action: string, params: Record<string, string>, fate: TaskFate): Record<string, unknown> {
  switch (action) {
    case 'DescribeEip': {
      const eipIds = list(params, 'eipIds');
      for (const id of eipIds) {
        if (!/^eip-[a-z0-9]{8}$/.test(id)) throw new TencentSimError('InvalidParameterValue.AddressIdMalformed', `eipId ${id} 格式错误。`);
      }
      const eips = list(params, 'eips');
      const instances = list(params, 'unInstanceIds');
      const enis = list(params, 'networkInterfaceIds');
      const statuses = list(params, 'status').map(Number);
      const { privateIpAddress, searchKey } = params;
      const offset = integer(params, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
      const limit = integer(params, 'limit', 1, 100) ?? 20;
      const found = state.addresses().filter(
        (address) =>
          (eipIds.length === 0 || eipIds.includes(address.addressId)) &&
          (eips.length === 0 || eips.includes(address.addressIp)) &&
          (instances.length === 0 || (address.instanceId !== undefined && instances.includes(address.instanceId))) &&
          (enis.length === 0 || (address.networkInterfaceId !== undefined && enis.includes(address.networkInterfaceId))) &&
          (privateIpAddress === undefined || address.privateIpAddress === privateIpAddress) &&
          (statuses.length === 0 || statuses.includes(LEGACY_STATUS[address.status])) &&
          (searchKey === undefined || (address.name ?? '').includes(searchKey)),
      );
      return { totalCount: found.length, data: { eipSet: found.slice(offset, offset + limit).map(eipJson) } };
    }
    case 'EipBindInstance': {
      state.associate(
        {
          addressId: required(params, 'eipId'),
          instanceId: params.unInstanceId,
          networkInterfaceId: params.networkInterfaceId,
          privateIpAddress: params.privateIpAddress,
        },
        fate,
      );
      return {};
    }
    case 'EipUnBindInstance': {
      const allocWanIp = integer(params, 'allocWanIp', 0, 1) ?? 0;
      integer(params, 'unBindPrivateIpWithEip', 0, 1);
      let addressId = params.eipId;
      if (addressId === undefined) {
        if (params.networkInterfaceId === undefined || params.privateIpAddress === undefined) {
          throw new TencentSimError('MissingParameter', '请传入 eipId，或者 networkInterfaceId 和 privateIpAddress。');
        }
        addressId = state.addressIdOn(params.networkInterfaceId, params.privateIpAddress);
      }
      state.disassociate({ addressId, reallocate: allocWanIp === 1 }, fate);
      return {};
    }
    case 'DescribeEipQuota': {
      const quota = state.quota();
      return {
        data: {
          eipNumQuota: quota.totalEip.limit,
          currentEipNum: quota.totalEip.current,
          dailyApplyQuota: quota.dailyEipApply.limit,
          dailyApplyCount: quota.dailyEipApply.current,
          dailyAllocWanIpQuota: quota.dailyPublicIpAssign.limit,
          dailyAllocWanIpCount: quota.dailyPublicIpAssign.current,
        },
      };
    }
    case 'DescribeNetworkInterfaces': {
      const offset = integer(params, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
      const limit = integer(params, 'limit', 1, 50) ?? 20;
      const found = state
        .networkInterfaces()
        .filter(
          (eni) =>
            (params.instanceId === undefined || eni.instanceId === params.instanceId) &&
            (params.networkInterfaceId === undefined || eni.networkInterfaceId === params.networkInterfaceId),
        );
      return { data: { totalNum: found.length, data: found.slice(offset, offset + limit).map(eniJson) } };
    }
    default:
      throw new TencentSimError('InvalidAction', `${action} 接口不存在。`);
  }
}

/**
 * A state rule's refusal in the legacy envelope: the common numeric code (reference
 * §2.5) with the precise API 3.0-style code in `codeDesc`, as the module errors carried
 * it in the later ("改版后") pages.
 */
export function legacyFailure(error: TencentSimError): { code: number; codeDesc: string; message: string } {
  const c = error.code;
  let code = 5100;
  if (c.endsWith('NotFound')) code = 5000;
  else if (/^(InvalidParameter|MissingParameter|UnknownParameter|InvalidAction)/.test(c) || c.includes('Malformed')) code = 4000;
  else if (c.startsWith('RequestLimitExceeded')) code = 4400;
  else if (c.startsWith('AuthFailure')) code = 4100;
  else if (c === 'InternalError') code = 6000;
  return { code, codeDesc: c, message: error.message };
}

/** `name.0`, `name.1`, … in index order. */
function list(params: Record<string, string>, name: string): string[] {
  const prefix = `${name}.`;
  return Object.entries(params)
    .filter(([key]) => key.startsWith(prefix) && /^\d+$/.test(key.slice(prefix.length)))
    .sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
    .map(([, value]) => value);
}

function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined) throw new TencentSimError('MissingParameter', `缺少参数 ${name}。`);
  return value;
}

function integer(params: Record<string, string>, name: string, min: number, max: number): number | undefined {
  const text = params[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new TencentSimError('InvalidParameterValue', `参数 ${name} 取值错误：${text}。`);
  return value;
}

function legacyTime(iso: string): string {
  return iso.replace('T', ' ').replace('Z', '');
}

function eipJson(address: AddressView): Record<string, unknown> {
  return {
    eipId: address.addressId,
    eipName: address.name ?? '',
    eip: address.addressIp,
    ispId: 5,
    status: LEGACY_STATUS[address.status],
    type: 0,
    arrears: 0,
    unInstanceId: address.instanceId ?? '',
    networkInterfaceId: address.networkInterfaceId ?? '',
    privateIpAddress: address.privateIpAddress ?? '',
    bandwidth: address.bandwidthMbps,
    createdAt: legacyTime(address.createdTime),
    updatedAt: legacyTime(address.createdTime),
    freeSecond: 0,
  };
}

function eniJson(eni: EniView): Record<string, unknown> {
  return {
    vpcId: 'vpc-sandbox1',
    subnetId: 'subnet-sandbox1',
    networkInterfaceId: eni.networkInterfaceId,
    eniName: eni.networkInterfaceId,
    eniDescription: '',
    primary: eni.primary,
    privateIpAddressesSet: eni.privateIps.map((ip) => ({
      privateIpAddress: ip.address,
      primary: ip.primary,
      description: '',
      wanIp: ip.publicIp ?? '',
      isWanIpBlocked: false,
      eipId: ip.addressId ?? '',
    })),
    // PHP, which served API 2.0, encodes an empty map as [].
    instanceSet: eni.instanceId !== undefined ? { instanceId: eni.instanceId } : [],
    groupSet: [],
  };
}
