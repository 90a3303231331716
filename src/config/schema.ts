import { z } from 'zod';
import { describeKind, describeValue, quoteValue } from './describe-value.js';
import { formatDuration, parseDuration } from './duration.js';
import { nearestName } from './nearest-name.js';
import { Secret } from './secret.js';
import { storeUrlProblem } from './store-setting.js';

/**
 * The `eipbot.yml` schema (SPEC §6). Objects are strict: an unknown key is an error,
 * because a typo such as `aprovers:` must never silently disable a policy. Values come
 * out typed: durations in milliseconds, credentials as `Secret`, endpoints filled in
 * from the region.
 *
 * Messages are written to follow the path of the value (`policy.approvals: must be …`)
 * and say what to write instead. Where a field gives none, the loader's error map
 * (describe-issue.ts) words zod's issue as a sentence.
 */

/** The part of a zod issue these messages look at. */
interface IssueInput {
  input?: unknown;
}

/** A message for a missing value; anything else falls through to the loader's wording. */
const whenMissing = (hint: string) => (issue: IssueInput) => (issue.input === undefined ? `is required: ${hint}` : undefined);

const requiredText = (hint: string) =>
  z.string({ error: whenMissing(hint) }).trim().min(1, { error: 'must not be empty' });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function duration(bounds: { min: number; max: number }) {
  return z
    .string({
      error: (issue: IssueInput) =>
        typeof issue.input === 'number'
          ? `must be a duration with a unit, such as ${issue.input}s or ${issue.input}m, not the bare number ${issue.input}`
          : `must be a duration such as 90s, 15m or 2h, not ${describeValue(issue.input)}`,
    })
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `must be a duration such as 90s, 15m or 2h, not ${quoteValue(text)}` });
        return z.NEVER;
      }
      if (ms < bounds.min || ms > bounds.max) {
        ctx.addIssue({
          code: 'custom',
          message: `must be from ${formatDuration(bounds.min)} to ${formatDuration(bounds.max)}, not ${text.trim()}`,
        });
        return z.NEVER;
      }
      return ms;
    });
}

/**
 * What `Secret.display` prints in place of a credential, and so what `config check
 * --print` shows for one written inline. Loading it back must fail loudly rather than
 * send `[redacted]` to a cloud as a password.
 */
function isRedactedPlaceholder(value: string): boolean {
  return value === '[redacted]' || value.endsWith('…');
}

/**
 * A credential. Its messages never repeat the value. Keys are trimmed (a secret mounted
 * from a file often ends with a newline); a password is taken exactly as written.
 */
function credential(hint: string, options: { masked: boolean; trim: boolean }) {
  const base = z.string({
    error: (issue: IssueInput) =>
      issue.input === undefined ? `is required: ${hint}` : `must be text in quotes, not ${describeKind(issue.input)}`,
  });
  return (options.trim ? base.trim() : base)
    .min(1, { error: 'must not be empty' })
    .refine((value) => !isRedactedPlaceholder(value), {
      error: 'is a redacted placeholder, as eipbot config check --print shows credentials; put the real value here, preferably as ${VAR}',
    })
    .transform((value) => (options.masked ? Secret.maskedId(value) : Secret.of(value)));
}

function httpUrl(example: string) {
  const shape = `an http(s) URL such as ${example}`;
  return z
    .url({ protocol: /^https?$/, error: (issue: IssueInput) => `must be ${shape}, not ${describeValue(issue.input)}` })
    .refine((url) => !/[?#]/.test(url), { error: `must be ${shape}, without ?query or #fragment` })
    .transform((url) => url.replace(/\/+$/, ''));
}

const SLACK_MEMBER_ID_HINT = 'copy it from the profile: ⋯ → Copy member ID';

function slackIdHint(text: string, pattern: RegExp, nameHint: string): string {
  if (/^[@#]/.test(text)) return `; ${nameHint}`;
  if (pattern.test(text.toUpperCase())) return '; Slack ids are upper case';
  return '';
}

function slackId(pattern: RegExp, what: string, nameHint: string) {
  return z
    .string({ error: (issue: IssueInput) => `must be ${what}, not ${describeValue(issue.input)}` })
    .refine((text) => pattern.test(text), {
      error: (issue: IssueInput) => {
        const text = String(issue.input);
        return `must be ${what}, not ${quoteValue(text)}${slackIdHint(text, pattern, nameHint)}`;
      },
    });
}

const slackUserOrGroup = slackId(
  /^[UWS][A-Z0-9]{2,}$/,
  'a Slack user id (U…/W…) or user-group id (S…)',
  `use the id, not the name: ${SLACK_MEMBER_ID_HINT}`,
);
const slackChannel = slackId(
  /^[CGD][A-Z0-9]{2,}$/,
  'a Slack channel id such as C0123ABCD',
  'use the channel id (shown at the bottom of the channel details), not its name',
);

const regex = z.string().superRefine((text, ctx) => {
  let pattern: RegExp;
  try {
    pattern = new RegExp(text);
  } catch (error) {
    // V8 words it "Invalid regular expression: /^inc-(/: Unterminated group"; the reason is the last part.
    const reason = (error as Error).message.split(': ').at(-1);
    ctx.addIssue({ code: 'custom', message: `is not a valid regular expression (${reason})` });
    return;
  }
  if (pattern.test('')) {
    ctx.addIssue({
      code: 'custom',
      message: 'matches an empty channel name, so it would make every channel an incident channel; anchor it, e.g. ^inc-',
    });
  }
});

const approvalsMessage = (issue: IssueInput) => `must be a whole number from 1 to 10, not ${describeValue(issue.input)}`;
const approvals = z
  .number({ error: approvalsMessage })
  .int({ error: approvalsMessage })
  .min(1, { error: approvalsMessage })
  .max(10, { error: approvalsMessage });

/** Humans need a few minutes to see and approve a request; a week-old request no longer describes the live state. */
const requestTtl = duration({ min: MINUTE, max: 7 * 24 * HOUR });

const incidentSchema = z
  .strictObject({
    channels: z.array(slackChannel).default([]),
    namePattern: regex.optional(),
    approvals: approvals.optional(),
    allowSelfApproval: z.boolean().optional(),
    requireReason: z.boolean().optional(),
    ttl: requestTtl.optional(),
  })
  .superRefine((incident, ctx) => {
    const settings = (['approvals', 'allowSelfApproval', 'requireReason', 'ttl'] as const).filter((key) => incident[key] !== undefined);
    if (incident.channels.length === 0 && incident.namePattern === undefined && settings.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `sets ${settings.join(', ')} but names no channels and no namePattern, so it never applies; add channels: [C…] or namePattern: "^inc-"`,
      });
    }
  });

const policyFields = {
  approvers: z.array(slackUserOrGroup),
  approvals,
  allowSelfApproval: z.boolean(),
  requireReason: z.boolean(),
  ttl: requestTtl,
  channels: z.array(slackChannel),
  requesters: z.array(slackUserOrGroup),
  incident: incidentSchema,
};

export const policySchema = z.strictObject({
  approvers: policyFields.approvers.default([]),
  approvals: policyFields.approvals.default(1),
  allowSelfApproval: policyFields.allowSelfApproval.default(false),
  requireReason: policyFields.requireReason.default(false),
  ttl: policyFields.ttl.default(15 * MINUTE),
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

const rateLimitMessage = (issue: IssueInput) =>
  `must be a number of requests per second above 0 and at most 1000, not ${describeValue(issue.input)}`;
const rateLimit = z
  .number({ error: rateLimitMessage })
  .positive({ error: rateLimitMessage })
  .max(1000, { error: rateLimitMessage });

const huaweiAuthSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('aksk'),
      accessKey: credential('the access key id (AK), e.g. "${HW_AK}"', { masked: true, trim: true }),
      secretKey: credential('the secret access key (SK), e.g. "${HW_SK}"', { masked: false, trim: true }),
    }),
    z.strictObject({
      type: z.literal('token'),
      domain: requiredText('the account (domain) name the IAM user belongs to'),
      user: requiredText('the IAM user name'),
      password: credential('the IAM user\'s password, e.g. "${HW_PASSWORD}"', { masked: false, trim: false }),
      /** IAM project name to scope the token to; defaults to the region. */
      project: requiredText('the IAM project name').optional(),
    }),
  ],
  { error: whenMissing('{ type: aksk, accessKey, secretKey } or { type: token, domain, user, password }') },
);

function regionSchema(example: string) {
  return z
    .string({ error: whenMissing(`the region id, e.g. ${example}`) })
    .regex(/^[a-z0-9-]+$/, {
      error: (issue: IssueInput) => `must be a region id such as ${example}, not ${describeValue(issue.input)}`,
    });
}

/** Open Telekom Cloud serves the Huawei API under its own domain (reference/huawei.md §1). */
const OTC_REGIONS = new Set(['eu-de', 'eu-nl']);

function huaweiEndpoint(service: 'vpc' | 'ecs' | 'iam', region: string): string {
  const domain = OTC_REGIONS.has(region) ? 'otc.t-systems.com' : 'myhuaweicloud.com';
  return `https://${service}.${region}.${domain}`;
}

/** The raw-input guard for a check that should run even when other fields of the object failed. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const huaweiAccountSchema = z
  .strictObject({
    provider: z.literal('huawei'),
    api: z.enum(['v1', 'v3']).default('v1'),
    region: regionSchema('cn-north-4 (eu-de on Open Telekom Cloud)'),
    projectId: z
      .string()
      .regex(/^[0-9a-f]{32}$/, {
        error: 'must be the 32-character lower-case hex project id of the region (console: My Credentials → Projects)',
      })
      .optional(),
    auth: huaweiAuthSchema,
    endpoints: z
      .strictObject({
        vpc: httpUrl('https://vpc.cn-north-4.myhuaweicloud.com').optional(),
        ecs: httpUrl('https://ecs.cn-north-4.myhuaweicloud.com').optional(),
        iam: httpUrl('https://iam.cn-north-4.myhuaweicloud.com').optional(),
      })
      .default({}),
    policy: policyOverrideSchema.optional(),
    rateLimit: rateLimit.optional(),
  })
  .superRefine(
    (_account, ctx) => {
      ctx.addIssue({
        code: 'custom',
        path: ['projectId'],
        message: 'is required with aksk auth: copy the project id of the region from "My Credentials" in the console',
      });
    },
    // Runs even when other fields are wrong, so that every problem is listed at once.
    { when: ({ value }) => isObject(value) && isObject(value.auth) && value.auth.type === 'aksk' && value.projectId === undefined },
  )
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
    api: z.enum(['v3', 'legacy']).default('v3'),
    region: regionSchema('ap-guangzhou'),
    auth: z.strictObject(
      {
        secretId: credential('the SecretId (AKID…), e.g. "${TC_SECRET_ID}"', { masked: true, trim: true }),
        secretKey: credential('the SecretKey, e.g. "${TC_SECRET_KEY}"', { masked: false, trim: true }),
      },
      { error: whenMissing('{ secretId, secretKey }') },
    ),
    endpoints: z
      .strictObject({
        vpc: httpUrl('https://vpc.tencentcloudapi.com').optional(),
        eip: httpUrl('https://eip.api.qcloud.com').optional(),
      })
      .default({}),
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
  error: whenMissing('provider, region and auth'),
});

const storeUrl = z
  .string({ error: (issue: IssueInput) => `must be a store URL such as sqlite://./data/eipbot.sqlite, not ${describeKind(issue.input)}` })
  .superRefine((url, ctx) => {
    const problem = storeUrlProblem(url);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

const accountName = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export const configSchema = z
  .strictObject({
    store: storeUrl.default('sqlite://./data/eipbot.sqlite'),
    defaultAccount: z.string().optional(),
    audit: z
      .strictObject({ channel: slackChannel.optional(), file: requiredText('the path of the JSONL audit file').optional() })
      .default({}),
    execution: z
      .strictObject({
        /** A cloud change that has not settled within an hour is not going to; 1 s keeps test suites quick. */
        waitTimeout: duration({ min: 1_000, max: HOUR }).default(5 * MINUTE),
        /** A dead replica's request waits this long to be reconciled: longer than minutes leaves an incident stuck. */
        leaseTtl: duration({ min: 1_000, max: 10 * MINUTE }).default(30_000),
      })
      .default({ waitTimeout: 5 * MINUTE, leaseTtl: 30_000 }),
    policy: policySchema.default(policySchema.parse({})),
    accounts: z
      .record(
        z.string().regex(accountName, {
          error: 'is not a usable account name: use letters, digits, - and _ (it is typed after --account)',
        }),
        accountSchema,
        { error: whenMissing('list at least one cloud account under accounts:') },
      )
      .refine((accounts) => Object.keys(accounts).length > 0, { error: 'must list at least one cloud account' }),
  })
  .superRefine(
    (config, ctx) => {
      const names = Object.keys(config.accounts);
      const wanted = config.defaultAccount as string;
      if (names.includes(wanted)) return;
      const guess = nearestName(wanted, names);
      ctx.addIssue({
        code: 'custom',
        path: ['defaultAccount'],
        message: `"${wanted}" is not one of the accounts (${names.join(', ')})${guess === undefined ? '' : `; did you mean "${guess}"?`}`,
      });
    },
    // Runs even when an account is wrong, so that every problem is listed at once.
    { when: ({ value }) => isObject(value) && typeof value.defaultAccount === 'string' && isObject(value.accounts) },
  );

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
