/**
 * The stored change request (SPEC §3). Everything read back from the store goes
 * through `changeRequestSchema`, so a request edited by hand or written by an older
 * version fails loudly instead of driving an execution with half its fields.
 *
 * The shapes owned by the workflows (`ActionArgs`, `Plan`, `JournalEntry`,
 * `ExecutionResult`) are parsed with loose objects: the fields eipbot relies on are
 * required, and a field a newer workflow adds is kept rather than silently dropped,
 * because a reconcile must see the plan exactly as it was stored.
 */
import { z } from 'zod';
import type { ActionArgs, ExecutionResult, JournalEntry, Plan } from '../workflows/workflow.js';

export const REQUEST_STATUSES = [
  'pending',
  'approved',
  'executing',
  'succeeded',
  'failed',
  'rejected',
  'cancelled',
  'expired',
] as const;

export type RequestStatus = (typeof REQUEST_STATUSES)[number];

const nicBinding = z.looseObject({
  nicId: z.string(),
  privateIp: z.string().optional(),
  serverId: z.string().optional(),
});

const targetRef = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('server'), serverId: z.string() }),
  z.looseObject({ kind: z.literal('nic'), nicId: z.string(), privateIp: z.string().optional() }),
]);

const vipAddress = z.looseObject({ address: z.string(), subnetId: z.string() });

export const actionArgsSchema = z.discriminatedUnion('action', [
  z.looseObject({ action: z.literal('bind'), eip: z.string(), target: targetRef }),
  z.looseObject({ action: z.literal('bind-new'), target: targetRef, bandwidthMbps: z.number() }),
  z.looseObject({
    action: z.literal('unbind'),
    ref: z.discriminatedUnion('kind', [
      z.looseObject({ kind: z.literal('eip'), eip: z.string() }),
      z.looseObject({ kind: z.literal('nic'), nicId: z.string(), privateIp: z.string() }),
    ]),
    reallocWanIp: z.boolean().optional(),
  }),
  z.looseObject({ action: z.literal('move'), eip: z.string(), target: targetRef }),
  z.looseObject({ action: z.literal('isolate'), serverId: z.string(), reallocWanIp: z.boolean().optional() }),
  z.looseObject({ action: z.literal('vip-unbind'), nicId: z.string() }),
  z.looseObject({ action: z.literal('restore'), bindings: z.array(z.looseObject({ eipId: z.string(), binding: nicBinding })) }),
  z.looseObject({ action: z.literal('vip-bind'), nicId: z.string(), vip: vipAddress }),
]);

const actionName = z.enum(['bind', 'bind-new', 'unbind', 'move', 'isolate', 'vip-unbind', 'restore', 'vip-bind']);

export const planSchema = z.looseObject({
  action: actionName,
  changes: z.array(
    z.looseObject({
      eipId: z.string(),
      address: z.string(),
      before: nicBinding.optional(),
      after: nicBinding.optional(),
      providerStatus: z.string().optional(),
      bandwidthMbps: z.number().optional(),
    }),
  ),
  target: nicBinding.extend({ ref: targetRef }).optional(),
  create: z.looseObject({ name: z.string(), bandwidthMbps: z.number() }).optional(),
  vip: z
    .looseObject({
      nicId: z.string(),
      serverId: z.string().optional(),
      before: z.array(vipAddress),
      after: z.array(vipAddress),
    })
    .optional(),
  notes: z.array(z.string()),
});

const writeReceipt = z.looseObject({
  operation: z.string(),
  requestId: z.string().optional(),
  taskId: z.string().optional(),
  alreadyDone: z.boolean().optional(),
});

export const journalEntrySchema = z.looseObject({
  step: z.string(),
  eipId: z.string().optional(),
  phase: z.enum(['before-write', 'after-write', 'confirmed']),
  receipt: writeReceipt.optional(),
});

export const stepOutcomeSchema = z.looseObject({
  label: z.string(),
  eipId: z.string().optional(),
  ok: z.boolean(),
  message: z.string(),
  detail: z.string().optional(),
  requestIds: z.array(z.string()),
  durationMs: z.number(),
});

export const executionResultSchema = z.looseObject({
  ok: z.boolean(),
  summary: z.string(),
  steps: z.array(stepOutcomeSchema),
  createdEipId: z.string().optional(),
  undo: actionArgsSchema.optional(),
});

const userAt = z.object({ user: z.string(), at: z.number() });

/** An audit event written with the transition it records, and removed once it is in the audit log. */
export const outboxEventSchema = z.object({
  type: z.enum([
    'requested',
    'approved',
    'rejected',
    'cancelled',
    'expired',
    'executing',
    'provider-call',
    'step',
    'succeeded',
    'failed',
    'reconciled',
  ]),
  actor: z.string(),
  at: z.number(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type OutboxEvent = z.output<typeof outboxEventSchema>;
const decision = userAt.extend({ reason: z.string().optional() });

export const changeRequestSchema = z.object({
  id: z.string(),
  requester: z.string(),
  channel: z.object({ id: z.string(), name: z.string().optional() }),
  account: z.string(),
  args: actionArgsSchema,
  reason: z.string().optional(),
  plan: planSchema,
  /** Made in an incident channel: the card carries the incident marker and incident numbers applied. */
  incident: z.boolean(),
  /** The policy numbers that applied when the request was made; later config edits do not move the goalposts. */
  policy: z.object({
    approvals: z.number().int().min(1),
    allowSelfApproval: z.boolean(),
    ttlMs: z.number().int().positive(),
  }),
  approvals: z.array(userAt),
  rejection: decision.optional(),
  cancellation: decision.optional(),
  status: z.enum(REQUEST_STATUSES),
  createdAt: z.number(),
  expiresAt: z.number(),
  /** When each status was entered (`pending` = createdAt). */
  transitions: z.partialRecord(z.enum(REQUEST_STATUSES), z.number()),
  /** The channel message showing the request, set by the Slack layer once posted. */
  card: z.object({ channel: z.string(), ts: z.string() }).optional(),
  /** The replica running (or reconciling) the execution; journal writes are fenced on it. */
  execution: z
    .object({ owner: z.string(), startedAt: z.number(), reconciling: z.boolean().optional() })
    .optional(),
  journal: z.array(journalEntrySchema),
  result: executionResultSchema.optional(),
  /** The outcome came from reconciling an interrupted execution, not from the execution itself. */
  reconciled: z.boolean().optional(),
  /** This request undoes that one. */
  undoOf: z.string().optional(),
  /** The Undo request made for this one, so a double click on Undo does not open two. */
  undoneBy: z.object({ id: z.string(), at: z.number() }).optional(),
  /**
   * Audit events of transitions not yet confirmed in the audit log. They are written in
   * the same compare-and-set as the transition, so a process killed between the two
   * writes loses no audit record: a sweeper appends what it left behind.
   */
  auditOutbox: z.array(outboxEventSchema).optional(),
  /** Increases by one on every write, like the store's own version of the key. */
  version: z.number().int().positive(),
});

type ParsedChangeRequest = z.output<typeof changeRequestSchema>;

/** The stored request, typed with the workflow contract's own types. */
export type ChangeRequest = Omit<ParsedChangeRequest, 'args' | 'plan' | 'journal' | 'result'> & {
  args: ActionArgs;
  plan: Plan;
  journal: JournalEntry[];
  result?: ExecutionResult;
};

/** Parses a stored value; the return type proves the schemas produce the contract's types. */
export function parseChangeRequest(value: unknown): ChangeRequest {
  return changeRequestSchema.parse(value);
}
