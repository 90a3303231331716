import { z } from 'zod';

/**
 * Legacy API 2.0 response shapes (reference/tencent.md §2.4–2.5): `{code, message,
 * codeDesc, …}` with `code` 0 on success. Loose objects: only the fields eipbot uses
 * are required.
 */
export const legacyEnvelopeSchema = z.looseObject({
  code: z.number().int(),
  message: z.string().nullish(),
  codeDesc: z.string().nullish(),
});

/** DescribeEip `status`: 0 creating, 1 binding, 2 bound, 3 unbinding, 4 unbound, 6 offlining, 9 create failed. */
export const legacyEipSchema = z.looseObject({
  eipId: z.string(),
  eipName: z.string().nullish(),
  eip: z.string(),
  status: z.number().int(),
  unInstanceId: z.string().nullish(),
  networkInterfaceId: z.string().nullish(),
  privateIpAddress: z.string().nullish(),
  bandwidth: z.number().nullish(),
});
export type LegacyEip = z.output<typeof legacyEipSchema>;

/** `totalCount` sits beside `data`, not inside it, as the doc prints it. */
export const describeEipSchema = z.looseObject({
  totalCount: z.number().int().nonnegative(),
  data: z.looseObject({ eipSet: z.array(legacyEipSchema).nullish() }),
});

const legacyPrivateIpSchema = z.looseObject({
  privateIpAddress: z.string(),
  primary: z.boolean().nullish(),
  eipId: z.string().nullish(),
});

/** PHP serialises an empty map as `[]`, so an ENI attached to nothing may carry `instanceSet: []`. */
const instanceSetSchema = z.union([z.looseObject({ instanceId: z.string().nullish() }), z.array(z.unknown())]).nullish();

export const legacyNetworkInterfaceSchema = z.looseObject({
  networkInterfaceId: z.string(),
  primary: z.boolean().nullish(),
  privateIpAddressesSet: z.array(legacyPrivateIpSchema).nullish(),
  instanceSet: instanceSetSchema,
});
export type LegacyNetworkInterface = z.output<typeof legacyNetworkInterfaceSchema>;

/** The legacy VPC module's DescribeNetworkInterfaces (cloud.tencent.com/doc/api/245/4814, the page seed 004 links). */
export const describeLegacyNetworkInterfacesSchema = z.looseObject({
  data: z.looseObject({
    totalNum: z.number().int().nonnegative(),
    data: z.array(legacyNetworkInterfaceSchema).nullish(),
  }),
});
