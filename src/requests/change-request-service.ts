import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { EipbotError, ErrorCode, NotFoundError, StoreError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { EipProvider } from '../providers/provider.js';
import { KEEP, type Store } from '../store/store.js';
import type { Action, ActionArgs, Workflow } from '../workflows/workflow.js';
import { AuditOutbox } from './audit-outbox.js';
import { AuditRecorder } from './audit-recorder.js';
import { cacheUserGroups } from './cached-user-group-resolver.js';
import type { ChangeRequest } from './change-request.js';
import { ChangeRequestStore } from './change-request-store.js';
import { createOwnerId, ExecutionLeases } from './execution-lease.js';
import { OrderedNotifier } from './ordered-notifier.js';
import {
  applyPolicy,
  checkApprovalCounts,
  checkMayApprove,
  checkMayCancel,
  checkMayReject,
  checkMayRequest,
  hasEnoughApprovals,
  PolicyRefusal,
  resolveAccount,
  type RequestChannel,
  type UserGroupResolver,
} from './policy.js';
import { BOT_ACTOR, RequestExecutor } from './request-executor.js';
import type { RequestIdGenerator } from './request-id.js';
import type { RequestNotifier } from './request-notifier.js';
import { IllegalTransitionError, isFinalStatus, transition } from './state-machine.js';

/** A dangling Undo reservation (its request was never stored: the process died while planning) is replaced after this. */
const UNDO_RESERVATION_GRACE_MS = 60_000;
const MAX_SWEEP_INTERVAL_MS = 10_000;

export interface ChangeRequestServiceDeps {
  store: Store;
  audit: AuditLog;
  config: Config;
  providers: (account: string) => EipProvider;
  workflows: (action: Action) => Workflow;
  /** Members of a Slack user group; cached here for a minute. */
  groups: UserGroupResolver;
  clock: Clock;
  ids: RequestIdGenerator;
  logger: Logger;
  notifier: RequestNotifier;
  /** This replica's name on execution leases; unique per process by default. */
  ownerId?: string;
  metrics?: Metrics;
  /** How often to look for expired and interrupted requests: by default a third of the lease TTL, at most 10 s. */
  sweepIntervalMs?: number;
}

export interface NewChangeRequest {
  args: ActionArgs;
  /** Defaults to `defaultAccount` (or the only account). */
  account?: string;
  reason?: string;
  requester: string;
  channel: RequestChannel;
}

/**
 * The change-request engine (SPEC §3–§5): checks the policy, plans against the live
 * cloud, stores the request, takes approvals, and executes once approved — exactly
 * once across clicks, retries and replicas. Every transition is audited with its
 * actor before the caller hears about it; Slack hears through the notifier, whose
 * failures never touch an execution.
 */
export class ChangeRequestService {
  readonly #deps: ChangeRequestServiceDeps;
  readonly #requests: ChangeRequestStore;
  readonly #leases: ExecutionLeases;
  readonly #audit: AuditRecorder;
  readonly #outbox: AuditOutbox;
  readonly #notifier: OrderedNotifier;
  readonly #executor: RequestExecutor;
  readonly #groups: UserGroupResolver;
  readonly #inflight = new Set<Promise<void>>();
  /** Requests this process is executing or reconciling, so a sweep does not start a second one. */
  readonly #working = new Set<string>();
  #sweeping: { stop: AbortController; loop: Promise<void> } | undefined;

  constructor(deps: ChangeRequestServiceDeps) {
    this.#deps = deps;
    this.#requests = new ChangeRequestStore(deps.store.namespace('requests'), deps.clock, deps.logger);
    this.#leases = new ExecutionLeases({
      kv: deps.store.namespace('leases'),
      clock: deps.clock,
      logger: deps.logger,
      owner: deps.ownerId ?? createOwnerId(),
      ttlMs: deps.config.execution.leaseTtl,
    });
    this.#audit = new AuditRecorder(deps.audit, deps.clock, deps.logger);
    this.#outbox = new AuditOutbox({ requests: this.#requests, recorder: this.#audit, audit: deps.audit, clock: deps.clock, logger: deps.logger });
    this.#notifier = new OrderedNotifier(deps.notifier, deps.logger);
    this.#groups = cacheUserGroups(deps.groups, deps.clock);
    this.#executor = new RequestExecutor({
      requests: this.#requests,
      leases: this.#leases,
      audit: this.#audit,
      outbox: this.#outbox,
      notifier: this.#notifier,
      providers: deps.providers,
      workflows: deps.workflows,
      clock: deps.clock,
      logger: deps.logger,
      waitTimeoutMs: deps.config.execution.waitTimeout,
      metrics: deps.metrics,
    });
  }

  /** This replica's lease owner id. */
  get ownerId(): string {
    return this.#leases.owner;
  }

  /** Policy check, live plan, stored as pending, audited, card posted. Refusals and impossible plans throw typed errors. */
  async request(input: NewChangeRequest): Promise<ChangeRequest> {
    return this.#create(input, await this.#freshId());
  }

  async #create(input: NewChangeRequest & { undoOf?: string }, id: string): Promise<ChangeRequest> {
    const { config, clock } = this.#deps;
    const account = resolveAccount(config, input.account);
    const applied = applyPolicy(config, account, input.channel);
    const reason = input.reason?.trim() || undefined;
    await checkMayRequest({ applied, account, requester: input.requester, channel: input.channel, reason }, this.#groups);
    const plan = await this.#deps.workflows(input.args.action).plan(input.args, { provider: this.#deps.providers(account), requestId: id });
    const now = clock.now();
    const request: ChangeRequest = {
      id,
      requester: input.requester,
      channel: input.channel,
      account,
      args: input.args,
      reason,
      plan,
      incident: applied.incident,
      policy: { approvals: applied.approvals, allowSelfApproval: applied.allowSelfApproval, ttlMs: applied.ttlMs },
      approvals: [],
      status: 'pending',
      createdAt: now,
      expiresAt: now + applied.ttlMs,
      transitions: { pending: now },
      journal: [],
      undoOf: input.undoOf,
      version: 1,
    };
    const requested = {
      type: 'requested' as const,
      actor: input.requester,
      at: now,
      data: {
        account,
        channel: input.channel.id,
        action: input.args.action,
        args: input.args,
        reason,
        incident: applied.incident,
        approvalsNeeded: applied.approvals,
        allowSelfApproval: applied.allowSelfApproval,
        expiresAt: request.expiresAt,
        changes: plan.changes,
        undoOf: input.undoOf,
      },
    };
    const stored = await this.#outbox.create(request, [requested]);
    if (stored === undefined) {
      throw new StoreError('eipbot picked a request id that was just taken; run the command again.', { detail: `request id collision on ${id}` });
    }
    this.#notifier.changed(stored, 'requested');
    return stored;
  }

  /** Adds `user`'s approval; the last one needed makes the request approved and starts its execution (tracked, not awaited). */
  async approve(id: string, user: string): Promise<ChangeRequest> {
    const { clock, metrics } = this.#deps;
    const current = await this.#mustGet(id);
    const policy = applyPolicy(this.#deps.config, current.account, current.channel).policy;
    try {
      if (current.status !== 'pending') throw new IllegalTransitionError(current, 'approved');
      if (clock.now() >= current.expiresAt) throw await this.#expiredRefusal(id);
      await checkMayApprove(current, user, policy, this.#groups);
      const now = clock.now();
      let expired = false;
      let complete = false;
      const { request } = await this.#outbox.update(id, (latest) => {
        expired = false;
        complete = false;
        if (latest.status !== 'pending') throw new IllegalTransitionError(latest, 'approved');
        if (now >= latest.expiresAt) {
          expired = true;
          return KEEP;
        }
        checkApprovalCounts(latest, user, policy);
        const next = { ...latest, approvals: [...latest.approvals, { user, at: now }] };
        complete = hasEnoughApprovals(next);
        return {
          request: complete ? transition(next, 'approved', now) : next,
          events: [{ type: 'approved', actor: user, at: now, data: { approvals: next.approvals.length, needed: next.policy.approvals, complete } }],
        };
      });
      if (expired) throw await this.#expiredRefusal(id);
      metrics?.approvals.inc({ outcome: 'counted' });
      if (!complete) {
        this.#notifier.changed(request, 'approval');
        return request;
      }
      metrics?.timeToApproval.observe({ action: request.args.action }, (now - request.createdAt) / 1000);
      this.#notifier.changed(request, 'approved');
      this.#run(id, () => this.#executor.execute(id));
      return request;
    } catch (error) {
      if (error instanceof PolicyRefusal || error instanceof IllegalTransitionError) metrics?.approvals.inc({ outcome: 'refused' });
      throw error;
    }
  }

  /** One rejection from an approver ends the request, whatever `approvals` is (SPEC §3). */
  async reject(id: string, user: string, reason?: string): Promise<ChangeRequest> {
    const current = await this.#mustGet(id);
    if (current.status !== 'pending') throw new IllegalTransitionError(current, 'rejected');
    if (this.#deps.clock.now() >= current.expiresAt) throw await this.#expiredRefusal(id, 'rejected');
    await checkMayReject(current, user, applyPolicy(this.#deps.config, current.account, current.channel).policy, this.#groups);
    const why = reason?.trim() || undefined;
    const now = this.#deps.clock.now();
    const { request } = await this.#outbox.update(id, (latest) => ({
      request: { ...transition(latest, 'rejected', now), rejection: { user, at: now, reason: why } },
      events: [{ type: 'rejected', actor: user, at: now, data: why === undefined ? {} : { reason: why } }],
    }));
    this.#deps.metrics?.approvals.inc({ outcome: 'rejected' });
    this.#finalMetrics(request);
    this.#notifier.changed(request, 'rejected');
    return request;
  }

  /** Only the requester can cancel, and only while the request is pending. */
  async cancel(id: string, user: string): Promise<ChangeRequest> {
    const current = await this.#mustGet(id);
    if (current.status !== 'pending') throw new IllegalTransitionError(current, 'cancelled');
    if (this.#deps.clock.now() >= current.expiresAt) throw await this.#expiredRefusal(id, 'cancelled');
    checkMayCancel(current, user);
    const now = this.#deps.clock.now();
    const { request } = await this.#outbox.update(id, (latest) => ({
      request: { ...transition(latest, 'cancelled', now), cancellation: { user, at: now } },
      events: [{ type: 'cancelled', actor: user, at: now }],
    }));
    this.#finalMetrics(request);
    this.#notifier.changed(request, 'cancelled');
    return request;
  }

  get(id: string): Promise<ChangeRequest | undefined> {
    return this.#requests.get(id);
  }

  /** Requests of a channel that are still open (waiting, approved or executing), oldest first. */
  async listOpen(channelId: string): Promise<ChangeRequest[]> {
    const now = this.#deps.clock.now();
    const open = await this.#requests.listOpen(channelId);
    return open.filter((request) => request.status !== 'pending' || request.expiresAt > now);
  }

  /**
   * Opens a new, approval-gated request that restores what a succeeded request changed.
   * One Undo per request: a second click names the Undo already open.
   */
  async undo(id: string, user: string): Promise<ChangeRequest> {
    const original = await this.#mustGet(id);
    const undoArgs = original.result?.undo;
    if (original.status !== 'succeeded' || undoArgs === undefined) {
      const why =
        original.status === 'succeeded'
          ? `${id} cannot be undone automatically; request the reverse change with /eip.`
          : `Only a succeeded request can be undone; ${id} is ${original.status}.`;
      throw new EipbotError(ErrorCode.IllegalTransition, why);
    }
    const previous = original.undoneBy;
    if (previous !== undefined) await this.#checkUndoReplaceable(id, previous);
    const undoId = await this.#freshId();
    const now = this.#deps.clock.now();
    await this.#requests.update(id, (latest) => {
      if (latest.undoneBy?.id !== previous?.id) {
        throw new EipbotError(ErrorCode.IllegalTransition, `An Undo of ${id} was just requested by someone else; see the channel.`);
      }
      return { ...latest, undoneBy: { id: undoId, at: now } };
    });
    try {
      return await this.#create(
        {
          args: undoArgs,
          account: original.account,
          reason: `Undo of ${id}${original.reason ? `: ${original.reason}` : ''}`,
          requester: user,
          channel: original.channel,
          undoOf: id,
        },
        undoId,
      );
    } catch (error) {
      await this.#requests.update(id, (latest) => (latest.undoneBy?.id === undoId ? { ...latest, undoneBy: previous } : KEEP));
      throw error;
    }
  }

  async #checkUndoReplaceable(id: string, previous: { id: string; at: number }): Promise<void> {
    const undoRequest = await this.#requests.get(previous.id);
    if (undoRequest === undefined) {
      if (this.#deps.clock.now() - previous.at < UNDO_RESERVATION_GRACE_MS) {
        throw new EipbotError(ErrorCode.IllegalTransition, `An Undo of ${id} is being prepared as ${previous.id}; see the channel in a moment.`);
      }
      return;
    }
    if (undoRequest.status === 'succeeded') {
      throw new EipbotError(ErrorCode.IllegalTransition, `${id} was already undone by ${previous.id}.`);
    }
    if (!isFinalStatus(undoRequest.status)) {
      throw new EipbotError(
        ErrorCode.IllegalTransition,
        `${id} already has an Undo request, ${previous.id} (${undoRequest.status}); approve or cancel that one.`,
      );
    }
  }

  /** Records where the Slack layer posted the request's card. */
  async setCard(id: string, card: { channel: string; ts: string }): Promise<ChangeRequest> {
    const { request } = await this.#requests.update(id, (latest) =>
      latest.card?.channel === card.channel && latest.card.ts === card.ts ? KEEP : { ...latest, card },
    );
    return request;
  }

  /** Starts the sweeper: expiry of pending requests, execution of orphaned approvals, reconcile of interrupted executions. */
  start(): void {
    if (this.#sweeping !== undefined) return;
    const stop = new AbortController();
    const interval = this.#deps.sweepIntervalMs ?? Math.min(MAX_SWEEP_INTERVAL_MS, Math.max(1, Math.floor(this.#deps.config.execution.leaseTtl / 3)));
    const loop = (async () => {
      while (!stop.signal.aborted) {
        await this.sweep();
        try {
          await this.#deps.clock.sleep(interval, stop.signal);
        } catch {
          return;
        }
      }
    })();
    this.#sweeping = { stop, loop };
  }

  /** Stops the sweeper and waits for executions in flight, notifications and audit records. */
  async stop(): Promise<void> {
    const sweeping = this.#sweeping;
    this.#sweeping = undefined;
    sweeping?.stop.abort();
    await sweeping?.loop;
    await this.settled();
  }

  /** Resolves once every execution started so far, its notifications and its audit records are done. */
  async settled(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.all(this.#inflight);
    await this.#notifier.idle();
    await this.#audit.flush();
  }

  /** One pass over the open requests (and audit events a dead replica left); `start()` runs it periodically, and on start-up. */
  async sweep(): Promise<void> {
    let open: ChangeRequest[];
    try {
      open = await this.#requests.listIndexed();
    } catch (error) {
      this.#deps.logger.error({ err: error }, 'could not list open change requests; the next sweep tries again');
      return;
    }
    const now = this.#deps.clock.now();
    await Promise.all(
      open.map(async (request) => {
        try {
          if (request.auditOutbox !== undefined && request.auditOutbox.length > 0) await this.#outbox.recover(request);
          if (request.status === 'pending' && request.expiresAt <= now) await this.#expire(request.id);
          else if (request.status === 'approved' && (request.transitions.approved ?? 0) + this.#leases.ttlMs <= now) {
            // Approved but never claimed: its approver's replica died between the two writes.
            if ((await this.#leases.holder(request.id)) === undefined) this.#run(request.id, () => this.#executor.execute(request.id));
          } else if (request.status === 'executing' && (await this.#leases.holder(request.id)) === undefined) {
            this.#run(request.id, () => this.#executor.reconcile(request.id));
          }
        } catch (error) {
          this.#deps.logger.error({ err: error, requestId: request.id }, 'sweep could not handle a change request');
        }
      }),
    );
  }

  async #expire(id: string): Promise<ChangeRequest | undefined> {
    const now = this.#deps.clock.now();
    const { request, changed } = await this.#outbox.update(id, (latest) =>
      latest.status === 'pending' && latest.expiresAt <= now
        ? {
            request: transition(latest, 'expired', now),
            events: [
              {
                type: 'expired',
                actor: BOT_ACTOR,
                at: now,
                data: { expiresAt: latest.expiresAt, approvals: latest.approvals.length, needed: latest.policy.approvals },
              },
            ],
          }
        : KEEP,
    );
    if (!changed) return undefined;
    this.#finalMetrics(request);
    this.#notifier.changed(request, 'expired');
    return request;
  }

  /** A click on a request that ran out of time: mark it expired (if no sweep did yet) and say so. */
  /** A click that arrives after `expiresAt` but before the sweeper: expire the request now and say so. */
  async #expiredRefusal(id: string, attempted: 'approved' | 'rejected' | 'cancelled' = 'approved'): Promise<IllegalTransitionError> {
    const request = (await this.#expire(id)) ?? (await this.#mustGet(id));
    return new IllegalTransitionError(request, attempted);
  }

  #run(id: string, work: () => Promise<void>): void {
    if (this.#working.has(id)) return;
    this.#working.add(id);
    const running = work()
      .catch((error: unknown) => this.#deps.logger.error({ err: error, requestId: id }, 'execution of a change request failed inside eipbot'))
      .finally(() => {
        this.#working.delete(id);
        this.#inflight.delete(running);
      });
    this.#inflight.add(running);
  }

  async #freshId(): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const id = this.#deps.ids();
      if (!(await this.#requests.exists(id))) return id;
    }
    throw new StoreError('eipbot could not find a free request id; run the command again.');
  }

  async #mustGet(id: string): Promise<ChangeRequest> {
    const request = await this.#requests.get(id);
    if (request === undefined) {
      throw new NotFoundError(`There is no change request ${id}; check the id (finished requests are kept for 30 days).`);
    }
    return request;
  }

  #finalMetrics(request: ChangeRequest): void {
    this.#deps.metrics?.requests.inc({ action: request.args.action, status: request.status });
  }
}
