import { z } from 'zod';
import { TencentSimError, type AddressView, type EniView, type TaskFate, type TencentSimState } from './tencent-sim-state.js';

/**
 * The API 3.0 actions of the simulator (VPC 2017-03-12): input parsed as Tencent does —
 * an unknown parameter is `UnknownParameter`, a wrongly typed one `InvalidParameter`
 * (so a string `TaskId` for DescribeTaskResult is refused, reference §4.6) — and the
 * answer shaped like the real one, unset fields as `null`.
 */

const filters = z.array(z.strictObject({ Name: z.string(), Values: z.array(z.string()) }));
const page = { Offset: z.number().int().nonnegative().optional(), Limit: z.number().int().positive().optional() };

const inputs = {
  DescribeAddresses: z.strictObject({ AddressIds: z.array(z.string()).optional(), Filters: filters.optional(), ...page }),
  AssociateAddress: z.strictObject({
    AddressId: z.string().optional(),
    InstanceId: z.string().optional(),
    NetworkInterfaceId: z.string().optional(),
    PrivateIpAddress: z.string().optional(),
    EipDirectConnection: z.boolean().optional(),
    InstanceRegion: z.string().optional(),
  }),
  DisassociateAddress: z.strictObject({ AddressId: z.string().optional(), ReallocateNormalPublicIp: z.boolean().optional() }),
  AllocateAddresses: z.strictObject({
    AddressCount: z.number().int().min(1).max(100).optional(),
    InternetServiceProvider: z.string().optional(),
    InternetChargeType: z.string().optional(),
    InternetMaxBandwidthOut: z.number().int().min(1).max(2000).optional(),
    AddressChargePrepaid: z.unknown().optional(),
    AddressType: z.string().optional(),
    AnycastZone: z.string().optional(),
    VipCluster: z.array(z.string()).optional(),
    Tags: z.array(z.unknown()).optional(),
    BandwidthPackageId: z.string().optional(),
    AddressName: z.string().max(128).optional(),
    DedicatedClusterId: z.string().optional(),
    IsDedicatedAddressPool: z.boolean().optional(),
    Egress: z.string().optional(),
    AntiDDoSPackageId: z.string().optional(),
    ClientToken: z.string().regex(/^[\x20-\x7e]{1,64}$/).optional(),
  }),
  DescribeTaskResult: z.strictObject({ TaskId: z.number().int().nonnegative().optional(), DealName: z.string().optional() }),
  DescribeNetworkInterfaces: z.strictObject({ NetworkInterfaceIds: z.array(z.string()).optional(), Filters: filters.optional(), ...page }),
  DescribeAddressQuota: z.strictObject({}),
} as const;

export type V3Action = keyof typeof inputs;

export const V3_ACTIONS = new Set<string>(Object.keys(inputs));

/** The actions that change state and therefore start a task. */
export const V3_WRITES = new Set<string>(['AssociateAddress', 'DisassociateAddress', 'AllocateAddresses']);

const ADDRESS_FILTERS = new Set([
  'address-id',
  'address-name',
  'address-ip',
  'address-status',
  'instance-id',
  'private-ip-address',
  'network-interface-id',
]);
const ENI_FILTERS = new Set(['network-interface-id', 'attachment.instance-id', 'is-primary']);

export function handleV3Action(state: TencentSimState, action: V3Action, body: unknown, fate: TaskFate): Record<string, unknown> {
  switch (action) {
    case 'DescribeAddresses': {
      const input = parse(inputs.DescribeAddresses, body);
      const limit = pageLimit(input.Limit);
      for (const id of input.AddressIds ?? []) {
        if (!/^eip-[a-z0-9]{8}$/.test(id)) throw new TencentSimError('InvalidParameterValue.AddressIdMalformed', `The AddressId ${id} is malformed.`);
      }
      const match = filterMatcher(input.Filters ?? [], ADDRESS_FILTERS, addressField);
      const ids = input.AddressIds && new Set(input.AddressIds);
      const found = state.addresses().filter((address) => (!ids || ids.has(address.addressId)) && match(address));
      const offset = input.Offset ?? 0;
      return { TotalCount: found.length, AddressSet: found.slice(offset, offset + limit).map(addressJson) };
    }
    case 'AssociateAddress': {
      const input = parse(inputs.AssociateAddress, body);
      const taskId = state.associate(
        {
          addressId: input.AddressId,
          instanceId: input.InstanceId,
          networkInterfaceId: input.NetworkInterfaceId,
          privateIpAddress: input.PrivateIpAddress,
        },
        fate,
      );
      return { TaskId: String(taskId) };
    }
    case 'DisassociateAddress': {
      const input = parse(inputs.DisassociateAddress, body);
      return { TaskId: String(state.disassociate({ addressId: input.AddressId, reallocate: input.ReallocateNormalPublicIp === true }, fate)) };
    }
    case 'AllocateAddresses': {
      const input = parse(inputs.AllocateAddresses, body);
      const { addressIds, taskId } = state.allocate(
        {
          count: input.AddressCount ?? 1,
          name: input.AddressName,
          bandwidthMbps: input.InternetMaxBandwidthOut ?? 1,
          clientToken: input.ClientToken,
        },
        fate,
      );
      return { AddressSet: addressIds, TaskId: String(taskId) };
    }
    case 'DescribeTaskResult': {
      const input = parse(inputs.DescribeTaskResult, body);
      if (input.TaskId === undefined) throw new TencentSimError('MissingParameter', 'The request is missing a required parameter `TaskId`.');
      const task = state.taskResult(input.TaskId);
      return { TaskId: task.taskId, Result: task.result };
    }
    case 'DescribeNetworkInterfaces': {
      const input = parse(inputs.DescribeNetworkInterfaces, body);
      const limit = pageLimit(input.Limit);
      const ids = input.NetworkInterfaceIds && new Set(input.NetworkInterfaceIds);
      const match = filterMatcher(input.Filters ?? [], ENI_FILTERS, eniField);
      const found = state.networkInterfaces().filter((eni) => (!ids || ids.has(eni.networkInterfaceId)) && match(eni));
      const offset = input.Offset ?? 0;
      return { TotalCount: found.length, NetworkInterfaceSet: found.slice(offset, offset + limit).map(eniJson) };
    }
    case 'DescribeAddressQuota': {
      parse(inputs.DescribeAddressQuota, body);
      const quota = state.quota();
      const row = (id: string, q: { limit: number; current: number }) => ({
        QuotaId: id,
        QuotaCurrent: q.current,
        QuotaLimit: q.limit,
        QuotaGroup: state.region,
      });
      return {
        QuotaSet: [
          row('TOTAL_EIP_QUOTA', quota.totalEip),
          row('DAILY_EIP_APPLY', quota.dailyEipApply),
          row('DAILY_PUBLIC_IP_ASSIGN', quota.dailyPublicIpAssign),
        ],
      };
    }
  }
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    throw new TencentSimError('UnknownParameter', `The parameter \`${issue.keys.join(', ')}\` is not recognized.`);
  }
  const name = issue.path.join('.') || 'body';
  if (issue.code === 'invalid_type') throw new TencentSimError('InvalidParameter', `The type of parameter \`${name}\` is wrong: ${issue.message}.`);
  throw new TencentSimError('InvalidParameterValue', `The value of parameter \`${name}\` is invalid: ${issue.message}.`);
}

function pageLimit(limit: number | undefined): number {
  if (limit !== undefined && limit > 100) throw new TencentSimError('InvalidParameterValue.LimitExceeded', 'Limit may be at most 100.');
  return limit ?? 20;
}

/** Filters AND together, their values OR (reference §4.3); a filter Tencent does not know is refused. */
function filterMatcher<T>(
  list: { Name: string; Values: string[] }[],
  known: Set<string>,
  field: (item: T, name: string) => string | undefined,
): (item: T) => boolean {
  if (list.length > 10) throw new TencentSimError('LimitExceeded.NumberOfFilters', 'At most 10 filters may be given.');
  for (const filter of list) {
    if (!known.has(filter.Name)) throw new TencentSimError('InvalidParameter.InvalidFilter', `The filter \`${filter.Name}\` is not supported.`);
    if (filter.Values.length > 100) throw new TencentSimError('InvalidParameterValue.LimitExceeded', 'A filter takes at most 100 values.');
  }
  return (item) =>
    list.every((filter) => {
      const value = field(item, filter.Name);
      // address-name matches exactly and only on its first value (reference §4.3).
      const values = filter.Name === 'address-name' ? filter.Values.slice(0, 1) : filter.Values;
      return value !== undefined && values.includes(value);
    });
}

function addressField(address: AddressView, name: string): string | undefined {
  switch (name) {
    case 'address-id':
      return address.addressId;
    case 'address-name':
      return address.name ?? undefined;
    case 'address-ip':
      return address.addressIp;
    case 'address-status':
      return address.status;
    case 'instance-id':
      return address.instanceId;
    case 'private-ip-address':
      return address.privateIpAddress;
    case 'network-interface-id':
      return address.networkInterfaceId;
    default:
      return undefined;
  }
}

function eniField(eni: EniView, name: string): string | undefined {
  switch (name) {
    case 'network-interface-id':
      return eni.networkInterfaceId;
    case 'attachment.instance-id':
      return eni.instanceId;
    case 'is-primary':
      return eni.primary ? 'true' : 'false';
    default:
      return undefined;
  }
}

function addressJson(address: AddressView): Record<string, unknown> {
  const bound = address.networkInterfaceId !== undefined;
  return {
    AddressId: address.addressId,
    AddressName: address.name,
    AddressStatus: address.status,
    AddressIp: address.addressIp,
    InstanceId: address.instanceId ?? null,
    CreatedTime: address.createdTime,
    NetworkInterfaceId: address.networkInterfaceId ?? null,
    PrivateAddressIp: address.privateIpAddress ?? null,
    IsArrears: false,
    IsBlocked: address.blocked,
    IsEipDirectConnection: false,
    AddressType: 'EIP',
    CascadeRelease: false,
    EipAlgType: { Ftp: true, Sip: true },
    InternetServiceProvider: 'BGP',
    LocalBgp: false,
    Bandwidth: address.bandwidthMbps,
    InternetChargeType: 'TRAFFIC_POSTPAID_BY_HOUR',
    TagSet: [],
    DeadlineDate: null,
    InstanceType: bound ? (address.instanceId !== undefined ? 'CVM' : 'ENI') : null,
    Egress: 'center_egress1',
    BandwidthPackageId: null,
  };
}

function eniJson(eni: EniView): Record<string, unknown> {
  return {
    NetworkInterfaceId: eni.networkInterfaceId,
    NetworkInterfaceName: eni.networkInterfaceId,
    NetworkInterfaceDescription: '',
    Primary: eni.primary,
    State: 'AVAILABLE',
    NetworkInterfaceState: eni.instanceId !== undefined ? 'INUSE' : 'AVAILABLE',
    PrivateIpAddressSet: eni.privateIps.map((ip) => ({
      PrivateIpAddress: ip.address,
      Primary: ip.primary,
      PublicIpAddress: ip.publicIp ?? '',
      AddressId: ip.addressId ?? '',
      Description: '',
      IsWanIpBlocked: false,
      State: 'AVAILABLE',
    })),
    Attachment: eni.instanceId !== undefined ? { InstanceId: eni.instanceId, DeviceIndex: eni.primary ? 0 : 1 } : null,
    EniType: eni.primary ? 1 : 0,
    TagSet: [],
  };
}
