import { z } from 'zod';

/**
 * API 3.0 response shapes (reference/tencent.md §3.4, §4). Objects are loose: Tencent
 * adds fields freely; only the fields eipbot uses are required. Unset fields come back
 * as JSON `null` (qcloud-documents issue #260), hence `nullish` wherever a value may be
 * absent.
 */

export const v3ErrorSchema = z.looseObject({
  Error: z.looseObject({ Code: z.string(), Message: z.string().nullish() }),
  RequestId: z.string().nullish(),
});

/** `{"Response": {...}}`; `Error` is checked first, because failures come back with HTTP 200 too. */
export const v3EnvelopeSchema = z.looseObject({ Response: z.looseObject({ RequestId: z.string().nullish() }) });

export const ADDRESS_STATUSES = ['CREATING', 'BINDING', 'BIND', 'UNBINDING', 'UNBIND', 'OFFLINING', 'BIND_ENI'] as const;
export type AddressStatus = (typeof ADDRESS_STATUSES)[number];

export const addressSchema = z.looseObject({
  AddressId: z.string(),
  AddressName: z.string().nullish(),
  AddressIp: z.string(),
  // A status Tencent adds later must not make the whole answer unreadable: keep the word, map it to `other`.
  AddressStatus: z.string(),
  InstanceId: z.string().nullish(),
  NetworkInterfaceId: z.string().nullish(),
  PrivateAddressIp: z.string().nullish(),
  Bandwidth: z.number().nullish(),
});
export type Address = z.output<typeof addressSchema>;

export const describeAddressesSchema = z.looseObject({
  TotalCount: z.number().int().nonnegative(),
  AddressSet: z.array(addressSchema).nullish(),
});

/** Write actions return the TaskId as a JSON string ("50121411"); accept a number too and keep a string. */
const writeTaskId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

export const writeResultSchema = z.looseObject({ TaskId: writeTaskId.nullish() });

export const allocateAddressesSchema = z.looseObject({
  AddressSet: z.array(z.string()).min(1),
  TaskId: writeTaskId.nullish(),
});

export const TASK_RESULTS = ['SUCCESS', 'FAILED', 'RUNNING'] as const;
export type TaskResult = (typeof TASK_RESULTS)[number];

export const describeTaskResultSchema = z.looseObject({ Result: z.enum(TASK_RESULTS) });

const privateIpSchema = z.looseObject({
  PrivateIpAddress: z.string(),
  Primary: z.boolean().nullish(),
  AddressId: z.string().nullish(),
  PublicIpAddress: z.string().nullish(),
});

export const networkInterfaceSchema = z.looseObject({
  NetworkInterfaceId: z.string(),
  Primary: z.boolean().nullish(),
  PrivateIpAddressSet: z.array(privateIpSchema).nullish(),
  Attachment: z.looseObject({ InstanceId: z.string().nullish() }).nullish(),
});
export type NetworkInterface = z.output<typeof networkInterfaceSchema>;

export const describeNetworkInterfacesSchema = z.looseObject({
  TotalCount: z.number().int().nonnegative(),
  NetworkInterfaceSet: z.array(networkInterfaceSchema).nullish(),
});
