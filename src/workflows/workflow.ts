/**
 * The contract between change requests and workflows. A workflow knows one action:
 * it plans (reads live state, says what will change, refuses impossible requests
 * early), executes (drift check against the plan, the provider calls, the waits),
 * reconciles an execution that was interrupted, and says how to undo itself.
 * Workflows speak only to `EipProvider`; they know nothing of Slack or of the store.
 * Everything here is plain JSON so that plans and results can be stored as they are.
 */
import type { Clock } from '../clock.js';
import type { BindTarget, EipProvider, NicBinding, ProviderEvent, TargetRef, WriteReceipt } from '../providers/provider.js';

/** The actions a user can request (SPEC §2), and the two that only Undo creates. */
export type ActionArgs =
  | { action: 'bind'; eip: string; target: TargetRef }
  | { action: 'bind-new'; target: TargetRef; bandwidthMbps: number }
  | { action: 'unbind'; ref: { kind: 'eip'; eip: string } | { kind: 'nic'; nicId: string; privateIp: string }; reallocWanIp?: boolean }
  | { action: 'move'; eip: string; target: TargetRef }
  | { action: 'isolate'; serverId: string; reallocWanIp?: boolean }
  | { action: 'vip-unbind'; nicId: string }
  /** Undo of `isolate`: bind each EIP back where it was. */
  | { action: 'restore'; bindings: { eipId: string; binding: NicBinding }[] }
  /** Undo of `vip-unbind`: put the virtual IP back on the NIC. */
  | { action: 'vip-bind'; nicId: string; vip: { address: string; subnetId: string } };

export type Action = ActionArgs['action'];

/** One EIP's planned change; `undefined` binding = unbound. */
export interface EipChange {
  eipId: string;
  address: string;
  before?: NicBinding;
  after?: NicBinding;
  /** Provider status when planned (`ACTIVE`, `BIND`, …), shown on the card. */
  providerStatus?: string;
  bandwidthMbps?: number;
}

export interface VipChange {
  nicId: string;
  serverId?: string;
  before: { address: string; subnetId: string }[];
  after: { address: string; subnetId: string }[];
}

export interface Plan {
  action: Action;
  /** The EIPs this request will touch, each with before → after. For `bind-new` the EIP does not exist yet. */
  changes: EipChange[];
  /** The resolved bind target (bind, bind-new, move). */
  target?: BindTarget;
  /** bind-new: what will be created. */
  create?: { name: string; bandwidthMbps: number };
  vip?: VipChange;
  /** Things the approver should know (e.g. "server has 2 NICs; binding to the primary eth0"). */
  notes: string[];
}

/** A step of an execution as it happened, for the audit, the thread and the final message. */
export interface StepOutcome {
  /** `unbind eip-1a2b3c4d`, `bind 1.2.3.4 → port 5f…`, `create eipbot-R-7K2F9Q`. */
  label: string;
  eipId?: string;
  ok: boolean;
  /** What happened, in a sentence a user understands. */
  message: string;
  /** The provider's technical detail on failure (code, request id), for audit and logs. */
  detail?: string;
  requestIds: string[];
  durationMs: number;
}

export interface ExecutionResult {
  ok: boolean;
  /** One sentence for the final message: "Unbound 1.2.3.4 from ins-…" or what failed and what to do. */
  summary: string;
  steps: StepOutcome[];
  /** bind-new: the EIP that was created (reported even when the bind then failed, never leaked silently). */
  createdEipId?: string;
  /** The request that would restore the state before, when the workflow supports it. */
  undo?: ActionArgs;
}

/** What the executor persists before and after each write, so a replica that takes over can reconcile. */
export interface JournalEntry {
  step: string;
  eipId?: string;
  phase: 'before-write' | 'after-write' | 'confirmed';
  receipt?: WriteReceipt;
}

export type WorkflowEvent =
  | { type: 'provider'; step: string; event: ProviderEvent }
  | { type: 'step'; outcome: StepOutcome };

export interface ExecutionContext {
  provider: EipProvider;
  clock: Clock;
  /** The request id, for names (`eipbot-R-7K2F9Q`) and messages. */
  requestId: string;
  waitTimeoutMs: number;
  signal?: AbortSignal;
  /** Progress: every provider call and status wait, every finished step. */
  onEvent(event: WorkflowEvent): void;
  /** Persist a journal entry durably before going on (awaited). */
  journal(entry: JournalEntry): Promise<void>;
}

export interface PlanContext {
  provider: EipProvider;
  requestId: string;
  signal?: AbortSignal;
  onEvent?(event: WorkflowEvent): void;
}

export interface ReconcileOutcome {
  status: 'succeeded' | 'failed';
  /** "Interrupted, nothing changed — re-request", or what was found. */
  message: string;
}

export interface Workflow<A extends ActionArgs = ActionArgs> {
  readonly action: A['action'];
  /** Read live state and say what will change; rejects (typed error) when the request is impossible. */
  plan(args: A, context: PlanContext): Promise<Plan>;
  /**
   * Re-read and compare to the plan first: on drift nothing is called and the result
   * says "state changed". Never throws for provider failures: they are in the result.
   */
  execute(args: A, plan: Plan, context: ExecutionContext): Promise<ExecutionResult>;
  /** After an interruption: wait for settled state, then decide from the live state; never re-runs a write. */
  reconcile(args: A, plan: Plan, journal: readonly JournalEntry[], context: ExecutionContext): Promise<ReconcileOutcome>;
}
