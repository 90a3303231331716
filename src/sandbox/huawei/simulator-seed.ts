import { readFile } from 'node:fs/promises';
import { isIPv4 } from 'node:net';
import YAML from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../../errors.js';

const projectId = z.string().regex(/^[0-9a-f]{32}$/, { error: 'must be a 32-hex-character project id' });
const id = z.string().min(1, { error: 'must not be empty' });
const ipv4 = z.string().refine((text) => isIPv4(text), { error: 'must be an IPv4 address' });

/**
 * What a Huawei simulator starts with, from code or from a JSON/YAML file:
 *
 * ```yaml
 * projectId: 0123456789abcdef0123456789abcdef   # the project every resource lives in
 * projectName: cn-north-4                       # IAM project name (token scope by name)
 * credentials:
 *   aksk:  [{ accessKey: HPUA…, secretKey: …, projectId: <optional, default projectId> }]
 *   users: [{ domain: acme, user: eipbot, password: …, projectId: <optional>, projectName: <optional> }]
 * servers:
 *   - id: ea61f836-…            # ECS id (the ports' device_id)
 *     name: web-1
 *     nics:                     # the first NIC is primary unless one says primary: true
 *       - { id: 02c72193-…, networkId: 4779ab1c-…, subnetId: 213cb9d-…, privateIp: 192.168.0.75, vips: [192.168.0.7] }
 * eips:
 *   - { id: f6318bef-…, address: 203.0.113.162, bandwidthMbps: 5, boundTo: <port id, optional>, alias: <optional> }
 * quota: { eips: 50 }
 * ```
 */
export const huaweiSimulatorSeedSchema = z
  .strictObject({
    projectId,
    projectName: z.string().min(1).default('cn-north-4'),
    credentials: z
      .strictObject({
        aksk: z
          .array(z.strictObject({ accessKey: id, secretKey: id, projectId: projectId.optional() }))
          .default([]),
        users: z
          .array(
            z.strictObject({
              domain: id,
              user: id,
              password: id,
              projectId: projectId.optional(),
              projectName: z.string().min(1).optional(),
            }),
          )
          .default([]),
      })
      .default({ aksk: [], users: [] }),
    servers: z
      .array(
        z.strictObject({
          id,
          name: z.string().optional(),
          nics: z.array(
            z.strictObject({
              id,
              networkId: id,
              subnetId: id,
              privateIp: ipv4,
              mac: z.string().optional(),
              primary: z.boolean().optional(),
              vips: z.array(ipv4).default([]),
            }),
          ),
        }),
      )
      .default([]),
    eips: z
      .array(
        z.strictObject({
          id,
          address: ipv4,
          bandwidthMbps: z.number().int().min(1).max(2000).default(5),
          boundTo: id.optional(),
          alias: z.string().optional(),
        }),
      )
      .default([]),
    quota: z.strictObject({ eips: z.number().int().min(0).default(50) }).default({ eips: 50 }),
  })
  .superRefine((seed, ctx) => {
    const ports = new Set<string>();
    seed.servers.forEach((server, s) =>
      server.nics.forEach((nic, n) => {
        if (ports.has(nic.id)) ctx.addIssue({ code: 'custom', path: ['servers', s, 'nics', n, 'id'], message: `port ${nic.id} appears twice` });
        ports.add(nic.id);
      }),
    );
    const bound = new Set<string>();
    seed.eips.forEach((eip, e) => {
      if (eip.boundTo === undefined) return;
      if (!ports.has(eip.boundTo)) {
        ctx.addIssue({ code: 'custom', path: ['eips', e, 'boundTo'], message: `no server has a NIC ${eip.boundTo}` });
      }
      if (bound.has(eip.boundTo)) {
        ctx.addIssue({ code: 'custom', path: ['eips', e, 'boundTo'], message: `port ${eip.boundTo} already has an EIP (one EIP per port)` });
      }
      bound.add(eip.boundTo);
    });
  });

export type HuaweiSimulatorSeed = z.output<typeof huaweiSimulatorSeedSchema>;
export type HuaweiSimulatorSeedInput = z.input<typeof huaweiSimulatorSeedSchema>;

/** Validates a seed given in code; problems name their path in the seed. */
export function parseHuaweiSimulatorSeed(input: unknown, source = 'seed'): HuaweiSimulatorSeed {
  const result = huaweiSimulatorSeedSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({ path: `${source}: ${issue.path.map(String).join('.')}`, message: issue.message })),
  );
}

/** Reads a seed file; YAML is a superset of JSON, so one parser serves both. */
export async function loadHuaweiSimulatorSeed(file: string): Promise<HuaweiSimulatorSeed> {
  const text = await readFile(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = YAML.parse(text);
  } catch (error) {
    throw new ConfigError([{ path: file, message: `is not valid JSON or YAML: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  return parseHuaweiSimulatorSeed(parsed, file);
}
