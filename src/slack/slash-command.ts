import { z } from 'zod';
import { REQUEST_ID_PATTERN } from '../requests/request-id.js';
import type { ActionArgs } from '../workflows/workflow.js';
import { COMMAND_VERBS } from './command-usage.js';
import { IPV4_PATTERN, TENCENT_EIP_PATTERN, TENCENT_ENI_PATTERN, TENCENT_INSTANCE_PATTERN, UUID_PATTERN } from './resource-id.js';

/**
 * What an /eip command means once parsed (SPEC §2). A change command carries the
 * workflow arguments as they are stored on the change request, so the Slack layer
 * hands them on without translating.
 */

const matchesOne = (patterns: RegExp[], what: string) =>
  z.string().refine((text) => patterns.some((pattern) => pattern.test(text)), { error: `must be ${what}` });

/** An EIP id (Huawei UUID, Tencent eip-…) or its public address. */
const eipRef = matchesOne([UUID_PATTERN, TENCENT_EIP_PATTERN, IPV4_PATTERN], 'an EIP id or address');
const serverId = matchesOne([UUID_PATTERN, TENCENT_INSTANCE_PATTERN], 'a server id');
const ipv4 = z.string().regex(IPV4_PATTERN);
/** The names an account may have in eipbot.yml (config/schema.ts `accounts` keys). */
export const ACCOUNT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const MAX_REASON_CHARS = 500;
export const MAX_BANDWIDTH_MBPS = 2000;
export const DEFAULT_BANDWIDTH_MBPS = 5;

// Two shapes share kind "nic" (a Huawei port, a Tencent ENI with its private IP), so this is a plain union.
const targetRef = z.union([
  z.strictObject({ kind: z.literal('server'), serverId }),
  z.strictObject({ kind: z.literal('nic'), nicId: z.string().regex(UUID_PATTERN) }),
  z.strictObject({ kind: z.literal('nic'), nicId: z.string().regex(TENCENT_ENI_PATTERN), privateIp: ipv4 }),
]);

const requestableAction = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('bind'), eip: eipRef, target: targetRef }),
  z.strictObject({
    action: z.literal('bind-new'),
    target: targetRef,
    bandwidthMbps: z.number().int().min(1).max(MAX_BANDWIDTH_MBPS),
  }),
  z.strictObject({
    action: z.literal('unbind'),
    ref: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('eip'), eip: eipRef }),
      z.strictObject({ kind: z.literal('nic'), nicId: z.string().regex(TENCENT_ENI_PATTERN), privateIp: ipv4 }),
    ]),
    reallocWanIp: z.literal(true).optional(),
  }),
  z.strictObject({ action: z.literal('move'), eip: eipRef, target: targetRef }),
  z.strictObject({ action: z.literal('isolate'), serverId, reallocWanIp: z.literal(true).optional() }),
  z.strictObject({ action: z.literal('vip-unbind'), nicId: z.string().regex(UUID_PATTERN) }),
]);

/** Fails to compile if a command could produce arguments the workflows do not know. */
type WorkflowArgs<T extends ActionArgs> = T;
export type RequestableAction = WorkflowArgs<z.output<typeof requestableAction>>;

const account = z.string().regex(ACCOUNT_NAME_PATTERN).max(100).optional();

export const slashCommandSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('help'), verb: z.enum(COMMAND_VERBS).optional() }),
  z.strictObject({ kind: z.literal('show'), eip: eipRef, account }),
  z.strictObject({ kind: z.literal('list'), serverId: serverId.optional(), account }),
  z.strictObject({
    kind: z.literal('change'),
    args: requestableAction,
    account,
    reason: z
      .string()
      .min(1)
      .refine((text) => Array.from(text).length <= MAX_REASON_CHARS, { error: `must be at most ${MAX_REASON_CHARS} characters` })
      .optional(),
  }),
  z.strictObject({ kind: z.literal('requests') }),
  z.strictObject({ kind: z.literal('cancel'), requestId: z.string().regex(REQUEST_ID_PATTERN) }),
]);

export type SlashCommand = z.output<typeof slashCommandSchema>;
