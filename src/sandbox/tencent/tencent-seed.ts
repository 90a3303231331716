import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * The world a Tencent simulator starts with, from code or from a JSON/YAML file:
 *
 * ```yaml
 * region: ap-guangzhou               # optional, the default
 * credentials:                       # API keys the simulator accepts (both APIs)
 *   - { secretId: AKID…, secretKey: … }
 * instances:                         # CVM instances and their ENIs
 *   - instanceId: ins-web00001
 *     enis:
 *       - networkInterfaceId: eni-web00001
 *         primary: true              # exactly one primary ENI per instance
 *         privateIps:
 *           - { address: 10.0.1.10, primary: true, wanIp: 198.51.100.7 }   # wanIp: a normal public IP
 * enis:                              # ENIs attached to no instance (an EIP on one is BIND_ENI)
 *   - { networkInterfaceId: eni-float001, privateIps: [{ address: 10.0.9.9, primary: true }] }
 * addresses:                         # EIPs
 *   - addressId: eip-web00001
 *     addressIp: 203.0.113.10
 *     name: web-1                    # optional
 *     bandwidthMbps: 5               # optional, default 1
 *     boundTo: { networkInterfaceId: eni-web00001, privateIpAddress: 10.0.1.10 }   # optional: absent = UNBIND
 *     blocked: false                 # optional: a blocked EIP refuses bind and unbind
 * quota:                             # optional, Tencent's defaults
 *   totalEip: 20                     # TOTAL_EIP_QUOTA
 *   dailyEipApply: 40                # DAILY_EIP_APPLY
 *   dailyPublicIpAssign: 10          # DAILY_PUBLIC_IP_ASSIGN (ReallocateNormalPublicIp / allocWanIp)
 * ```
 *
 * Ids follow every Tencent doc example: a prefix and 8 lowercase letters or digits.
 */

const id = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}-[a-z0-9]{8}$`), { error: `must look like ${prefix}-1a2b3c4d (8 lowercase letters or digits)` });

const ipv4 = z.ipv4({ error: 'must be an IPv4 address' });

const eniSchema = z.strictObject({
  networkInterfaceId: id('eni'),
  primary: z.boolean().default(false),
  privateIps: z
    .array(z.strictObject({ address: ipv4, primary: z.boolean().default(false), wanIp: ipv4.optional() }))
    .min(1, { error: 'an ENI has at least one private IP' }),
});

const quotaDefaults = { totalEip: 20, dailyEipApply: 40, dailyPublicIpAssign: 10 };

export const tencentSeedSchema = z
  .strictObject({
    region: z.string().regex(/^[a-z0-9-]+$/).default('ap-guangzhou'),
    credentials: z
      .array(z.strictObject({ secretId: z.string().min(1), secretKey: z.string().min(1) }))
      .min(1, { error: 'at least one SecretId/SecretKey pair is needed, or no request can be signed' }),
    instances: z
      .array(z.strictObject({ instanceId: id('ins'), enis: z.array(eniSchema).min(1, { error: 'an instance has a primary ENI' }) }))
      .default([]),
    enis: z.array(eniSchema).default([]),
    addresses: z
      .array(
        z.strictObject({
          addressId: id('eip'),
          addressIp: ipv4,
          name: z.string().min(1).optional(),
          bandwidthMbps: z.number().int().positive().default(1),
          boundTo: z.strictObject({ networkInterfaceId: id('eni'), privateIpAddress: ipv4 }).optional(),
          blocked: z.boolean().default(false),
        }),
      )
      .default([]),
    quota: z
      .strictObject({
        totalEip: z.number().int().nonnegative().default(quotaDefaults.totalEip),
        dailyEipApply: z.number().int().nonnegative().default(quotaDefaults.dailyEipApply),
        dailyPublicIpAssign: z.number().int().nonnegative().default(quotaDefaults.dailyPublicIpAssign),
      })
      .default(quotaDefaults),
  })
  .superRefine((seed, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const ips = new Map<string, Set<string>>();
    const checkEni = (eni: z.output<typeof eniSchema>, path: (string | number)[]) => {
      if (ips.has(eni.networkInterfaceId)) problem([...path, 'networkInterfaceId'], `${eni.networkInterfaceId} appears twice`);
      ips.set(eni.networkInterfaceId, new Set(eni.privateIps.map((ip) => ip.address)));
      if (eni.privateIps.filter((ip) => ip.primary).length !== 1) problem([...path, 'privateIps'], 'exactly one private IP must be primary');
    };
    seed.instances.forEach((instance, i) => {
      if (instance.enis.filter((eni) => eni.primary).length !== 1) problem(['instances', i, 'enis'], 'exactly one ENI must be primary');
      instance.enis.forEach((eni, e) => checkEni(eni, ['instances', i, 'enis', e]));
    });
    seed.enis.forEach((eni, e) => checkEni(eni, ['enis', e]));
    const instanceIds = seed.instances.map((instance) => instance.instanceId);
    if (new Set(instanceIds).size !== instanceIds.length) problem(['instances'], 'an instance id appears twice');
    const addressIds = new Set<string>();
    const addressIps = new Set<string>();
    const boundIps = new Set<string>();
    seed.addresses.forEach((address, a) => {
      if (addressIds.has(address.addressId)) problem(['addresses', a, 'addressId'], `${address.addressId} appears twice`);
      if (addressIps.has(address.addressIp)) problem(['addresses', a, 'addressIp'], `${address.addressIp} appears twice`);
      addressIds.add(address.addressId);
      addressIps.add(address.addressIp);
      const to = address.boundTo;
      if (!to) return;
      if (!ips.get(to.networkInterfaceId)?.has(to.privateIpAddress)) {
        problem(['addresses', a, 'boundTo'], `${to.networkInterfaceId} has no private IP ${to.privateIpAddress}`);
      }
      const key = `${to.networkInterfaceId}/${to.privateIpAddress}`;
      if (boundIps.has(key)) problem(['addresses', a, 'boundTo'], `${key} already has an EIP`);
      boundIps.add(key);
    });
  });

export type TencentSeedInput = z.input<typeof tencentSeedSchema>;
export type TencentSeed = z.output<typeof tencentSeedSchema>;

/** Parses a seed given in code; the error names every problem with its path. */
export function parseTencentSeed(input: unknown, source = 'seed'): TencentSeed {
  const result = tencentSeedSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  throw new Error(`Invalid Tencent simulator ${source}:\n${problems.join('\n')}`);
}

/** A seed file, JSON or YAML (YAML 1.2 reads JSON as well). */
export async function loadTencentSeed(path: string): Promise<TencentSeed> {
  const text = await readFile(path, 'utf8');
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (cause) {
    throw new Error(`Tencent simulator seed ${path} is neither JSON nor YAML: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return parseTencentSeed(document, `seed file ${path}`);
}
