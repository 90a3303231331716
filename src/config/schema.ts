import { z } from 'zod';
import { parseDuration } from './duration.js';
import { Secret } from './secret.js';

/**
 * The `eipbot.yml` schema (SPEC §6). Objects are strict: an unknown key is an error,
 * because a typo such as `aprovers:` must never silently disable a policy. Values come
 * out typed: durations in milliseconds, credentials as `Secret`, endpoints filled in
 * from the region.
 */

const duration = (what: string) =>
  z.string({ error: `${what} must be a duration such as 90s, 15m or 2h` }).transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms === 0) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration; write it like 90s, 15m or 2h` });
      return z.NEVER;
    }
    return ms;
  });

const nonEmpty = (what: string) =>
  z.string({ error: `${what} must be a text value` }).trim().min(1, { error: `${what} must not be empty` });

const secret = (what: string) => nonEmpty(what).transform((value) => Secret.of(value));
const maskedId = (what: string) => nonEmpty(what).transform((value) => Secret.maskedId(value));

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://vpc.cn-north-4.myhuaweicloud.com' });

const slackUserOrGroup = z
  .string()
  .regex(/^[UWS][A-Z0-9]{2,}$/, { error: 'must be a Slack user id (U…/W…) or user-group id (S…)' });
const slackUser = z.string().regex(/^[UW][A-Z0-9]{2,}$/, { error: 'must be a Slack user id (U…/W…) or user-group id (S…)' });
const slackChannel = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, { error: 'must be a Slack channel id such as C0123ABCD' });

const regex = z.string().refine(
  (text) => {
    try {
      new RegExp(text);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'is not a valid regular expression' },
);

const approvals = z
  .number({ error: 'must be a whole number from 1 to 10' })
  .int({ error: 'must be a whole number from 1 to 10' })
  .min(1, { error: 'must be at least 1 (one approver)' })
  .max(10, { error: 'must be at most 10' });

const incidentSchema = z.strictObject({
  channels: z.array(slackChannel).default([]),
  namePattern: regex.optional(),
  approvals: approvals.optional(),
  allowSelfApproval: z.boolean().optional(),
  requireReason: z.boolean().optional(),
  ttl: duration('incident.ttl').optional(),
});

const policyFields = {
  approvers: z.array(slackUserOrGroup),
  approvals,
  allowSelfApproval: z.boolean(),
  requireReason: z.boolean(),
  ttl: duration('ttl'),
  channels: z.array(slackChannel),
  requesters: z.array(slackUserOrGroup),
  incident: incidentSchema,
};

export const policySchema = z.strictObject({
  approvers: policyFields.approvers.default([]),
  approvals: policyFields.approvals.default(1),
  allowSelfApproval: policyFields.allowSelfApproval.default(false),
  requireReason: policyFields.requireReason.default(false),
  ttl: policyFields.ttl.default(15 * 60_000),
  channels: policyFields.channels.default([]),
  requesters: policyFields.requesters.default([]),
  incident: policyFields.incident.default({ channels: [] }),
});

/** An account's own policy: any field given replaces the global one. */
const policyOverrideSchema = z.strictObject({
  approvers: policyFields.approvers.optional(),
  approvals: policyFields.approvals.optional(),
  allowSelfApproval: policyFields.allowSelfApproval.optional(),
  requireReason: policyFields.requireReason.optional(),
  ttl: policyFields.ttl.optional(),
  channels: policyFields.channels.optional(),
  requesters: policyFields.requesters.optional(),
  incident: policyFields.incident.optional(),
});

const rateLimit = z
  .number({ error: 'must be a number of requests per second' })
  .positive({ error: 'must be a positive number of requests per second' })
  .max(1000, { error: 'must be at most 1000 requests per second' });

const huaweiAuthSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('aksk'),
      accessKey: maskedId('accessKey'),
      secretKey: secret('secretKey'),
    }),
    z.strictObject({
      type: z.literal('token'),
      domain: nonEmpty('domain'),
      user: nonEmpty('user'),
      password: secret('password'),
      /** IAM project name to scope the token to; defaults to the region. */
      project: nonEmpty('project').optional(),
    }),
  ],
  { error: 'auth.type must be aksk or token' },
);

const regionSchema = z
  .string({ error: 'region is required, e.g. cn-north-4 or ap-guangzhou' })
  .regex(/^[a-z0-9-]+$/, { error: 'must be a region id such as cn-north-4 or ap-guangzhou' });

/** Open Telekom Cloud serves the Huawei API under its own domain (reference/huawei.md §1). */
const OTC_REGIONS = new Set(['eu-de', 'eu-nl']);

function huaweiEndpoint(service: 'vpc' | 'ecs' | 'iam', region: string): string {
  const domain = OTC_REGIONS.has(region) ? 'otc.t-systems.com' : 'myhuaweicloud.com';
  return `https://${service}.${region}.${domain}`;
}

const huaweiAccountSchema = z
  .strictObject({
    provider: z.literal('huawei'),
    api: z.enum(['v1', 'v3'], { error: 'api must be v1 or v3 for a huawei account' }).default('v1'),
    region: regionSchema,
    projectId: z
      .string()
      .regex(/^[0-9a-f]{32}$/, { error: 'must be the 32-hex-character IAM project id of the region' })
      .optional(),
    auth: huaweiAuthSchema,
    endpoints: z
      .strictObject({ vpc: httpUrl.optional(), ecs: httpUrl.optional(), iam: httpUrl.optional() })
      .default({}),
    policy: policyOverrideSchema.optional(),
    rateLimit: rateLimit.optional(),
  })
  .superRefine((account, ctx) => {
    if (account.auth.type === 'aksk' && account.projectId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['projectId'],
        message: 'is required with aksk auth: copy the project id of the region from "My Credentials" in the console',
      });
    }
  })
  .transform((account) => ({
    ...account,
    endpoints: {
      vpc: account.endpoints.vpc ?? huaweiEndpoint('vpc', account.region),
      ecs: account.endpoints.ecs ?? huaweiEndpoint('ecs', account.region),
      iam: account.endpoints.iam ?? huaweiEndpoint('iam', account.region),
    },
  }));

const tencentAccountSchema = z
  .strictObject({
    provider: z.literal('tencent'),
    /** `legacy` is Tencent's API 2.0, switched off on the public cloud in 2023; kept for deployments that still serve it. */
    api: z.enum(['v3', 'legacy'], { error: 'api must be v3 or legacy for a tencent account' }).default('v3'),
    region: regionSchema,
    auth: z.strictObject({ secretId: maskedId('secretId'), secretKey: secret('secretKey') }),
    endpoints: z.strictObject({ vpc: httpUrl.optional(), eip: httpUrl.optional() }).default({}),
    policy: policyOverrideSchema.optional(),
    rateLimit: rateLimit.optional(),
  })
  .transform((account) => ({
    ...account,
    endpoints: {
      vpc: account.endpoints.vpc ?? 'https://vpc.tencentcloudapi.com',
      eip: account.endpoints.eip ?? 'https://eip.api.qcloud.com',
    },
  }));

const accountSchema = z.discriminatedUnion('provider', [huaweiAccountSchema, tencentAccountSchema], {
  error: 'provider must be huawei or tencent',
});

const storeUrl = z
  .string({ error: 'store must be a URL: sqlite://./data/eipbot.sqlite or redis://host:6379/0' })
  .refine((url) => /^(sqlite:\/\/.+|rediss?:\/\/.+)$/.test(url), {
    error: 'must be sqlite://<path> or redis://[:password@]host:port[/db] (rediss:// for TLS)',
  });

const accountName = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export const configSchema = z
  .strictObject({
    store: storeUrl.default('sqlite://./data/eipbot.sqlite'),
    defaultAccount: z.string().optional(),
    audit: z.strictObject({ channel: slackChannel.optional(), file: nonEmpty('audit.file').optional() }).default({}),
    execution: z
      .strictObject({
        waitTimeout: duration('waitTimeout').default(5 * 60_000),
        leaseTtl: duration('leaseTtl').default(30_000),
      })
      .default({ waitTimeout: 5 * 60_000, leaseTtl: 30_000 }),
    policy: policySchema.default(policySchema.parse({})),
    accounts: z
      .record(
        z.string().regex(accountName, { error: 'account names use letters, digits, - and _' }),
        accountSchema,
      )
      .refine((accounts) => Object.keys(accounts).length > 0, { error: 'at least one account is required' }),
  })
  .superRefine((config, ctx) => {
    const names = Object.keys(config.accounts);
    if (config.defaultAccount !== undefined && !names.includes(config.defaultAccount)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultAccount'],
        message: `"${config.defaultAccount}" is not one of the accounts (${names.join(', ')})`,
      });
    }
  });

export type Config = z.output<typeof configSchema>;
export type Policy = z.output<typeof policySchema>;
export type PolicyOverride = z.output<typeof policyOverrideSchema>;
export type AccountConfig = z.output<typeof accountSchema>;
export type HuaweiAccountConfig = Extract<AccountConfig, { provider: 'huawei' }>;
export type TencentAccountConfig = Extract<AccountConfig, { provider: 'tencent' }>;
export type IncidentPolicy = Policy['incident'];

/** The policy that applies to an account: the global one with the account's own fields on top. */
export function effectivePolicy(config: Pick<Config, 'policy'>, account: Pick<AccountConfig, 'policy'>): Policy {
  const override = account.policy ?? {};
  const merged: Policy = { ...config.policy };
  for (const [key, value] of Object.entries(override) as [keyof Policy, Policy[keyof Policy] | undefined][]) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
