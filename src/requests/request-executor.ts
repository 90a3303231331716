import type { AuditEventType } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import { EipbotError, ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { EipProvider } from '../providers/provider.js';
import { KEEP } from '../store/store.js';
import type { Action, ExecutionContext, ExecutionResult, JournalEntry, Workflow, WorkflowEvent } from '../workflows/workflow.js';
import type { AuditOutbox } from './audit-outbox.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { ChangeRequest, OutboxEvent } from './change-request.js';
import type { ChangeRequestStore } from './change-request-store.js';
import type { ExecutionLeases, HeldLease } from './execution-lease.js';
import type { OrderedNotifier } from './ordered-notifier.js';
import { transition } from './state-machine.js';

/** The audit actor for what the bot does by itself. */
export const BOT_ACTOR = 'eipbot';

/** Another replica took the request over (this one's lease lapsed): stop before the next write. */
class ExecutionTakenOverError extends EipbotError {
  constructor(requestId: string) {
    super(ErrorCode.IllegalTransition, `${requestId} is being handled by another eipbot replica.`, {
      detail: `${requestId}: execution taken over by another replica; this one stops`,
    });
  }
}

export interface RequestExecutorDeps {
  requests: ChangeRequestStore;
  leases: ExecutionLeases;
  /** Provider calls and steps, appended in order as they happen. */
  audit: AuditRecorder;
  /** Transitions, written together with their audit events. */
  outbox: AuditOutbox;
  notifier: OrderedNotifier;
  providers: (account: string) => EipProvider;
  workflows: (action: Action) => Workflow;
  clock: Clock;
  logger: Logger;
  waitTimeoutMs: number;
  metrics?: Metrics;
}

/**
 * Runs approved requests and reconciles interrupted ones. Exactly one replica runs a
 * request: it must hold the lease and win the `approved → executing` compare-and-set.
 * Every journal entry is written with a check that this replica still owns the
 * execution, and workflows journal before every write, so a replica whose lease lapsed
 * and whose request was taken over stops before its next provider write.
 */
export class RequestExecutor {
  readonly #deps: RequestExecutorDeps;

  constructor(deps: RequestExecutorDeps) {
    this.#deps = deps;
  }

  get #owner(): string {
    return this.#deps.leases.owner;
  }

  /** Executes an approved request if this replica wins it; resolves when done (or at once when it is not ours). */
  async execute(requestId: string): Promise<void> {
    const lease = await this.#deps.leases.claim(requestId);
    if (lease === undefined) return;
    try {
      const now = this.#deps.clock.now();
      const { request, changed } = await this.#deps.outbox.update(requestId, (current) =>
        current.status === 'approved'
          ? {
              request: { ...transition(current, 'executing', now), execution: { owner: this.#owner, startedAt: now } },
              events: [{ type: 'executing', actor: BOT_ACTOR, at: now, data: { owner: this.#owner } }],
            }
          : KEEP,
      );
      if (!changed) return;
      this.#deps.notifier.changed(request, 'executing');
      let result: ExecutionResult;
      try {
        result = await this.#workflow(request).execute(request.args, request.plan, this.#context(request, lease));
      } catch (error) {
        if (lease.signal.aborted || error instanceof ExecutionTakenOverError) return;
        // The workflow did not say what happened, so nothing is assumed: the live state decides.
        this.#deps.logger.error({ err: error, requestId }, 'execution stopped unexpectedly; reconciling from the live state');
        const latest = await this.#deps.requests.get(requestId);
        if (latest !== undefined) await this.#reconcileAndFinish(latest, lease);
        return;
      }
      await this.#finish(request, result, false);
    } finally {
      await lease.release();
    }
  }

  /**
   * Takes over a request stuck in `executing` whose executor's lease has expired, and
   * decides its outcome from the provider's live state through `workflow.reconcile`,
   * which never writes. If the provider cannot be read, the request stays `executing`
   * and the next sweep tries again.
   */
  async reconcile(requestId: string): Promise<void> {
    if ((await this.#deps.leases.holder(requestId)) !== undefined) return;
    const lease = await this.#deps.leases.claim(requestId);
    if (lease === undefined) return;
    try {
      const now = this.#deps.clock.now();
      let previousOwner: string | undefined;
      const { request, changed } = await this.#deps.requests.update(requestId, (current) => {
        previousOwner = current.execution?.owner;
        return current.status === 'executing'
          ? { ...current, execution: { owner: this.#owner, startedAt: current.execution?.startedAt ?? now, reconciling: true } }
          : KEEP;
      });
      if (!changed) return;
      this.#deps.logger.warn(
        { requestId, previousOwner, owner: this.#owner },
        'reconciling an execution whose replica stopped renewing its lease',
      );
      await this.#reconcileAndFinish(request, lease);
    } finally {
      await lease.release();
    }
  }

  async #reconcileAndFinish(request: ChangeRequest, lease: HeldLease): Promise<void> {
    let outcome;
    try {
      outcome = await this.#workflow(request).reconcile(request.args, request.plan, request.journal, this.#context(request, lease));
    } catch (error) {
      if (lease.signal.aborted || error instanceof ExecutionTakenOverError) return;
      this.#deps.logger.error({ err: error, requestId: request.id }, 'could not reconcile the request yet; the next sweep tries again');
      return;
    }
    await this.#finish(request, { ok: outcome.status === 'succeeded', summary: outcome.message, steps: [] }, true);
  }

  async #finish(request: ChangeRequest, result: ExecutionResult, reconciled: boolean): Promise<void> {
    // Provider calls and steps are on record before the outcome that follows from them.
    await this.#deps.audit.flush();
    const status = result.ok ? 'succeeded' : 'failed';
    const now = this.#deps.clock.now();
    const events: OutboxEvent[] = [
      ...(reconciled
        ? [{ type: 'reconciled' as const, actor: BOT_ACTOR, at: now, data: { status, message: result.summary, owner: this.#owner } }]
        : []),
      {
        type: status,
        actor: BOT_ACTOR,
        at: now,
        data: { summary: result.summary, steps: result.steps.length, createdEipId: result.createdEipId, undo: result.undo !== undefined },
      },
    ];
    const { request: finished, changed } = await this.#deps.outbox.update(request.id, (current) =>
      current.status === 'executing' && current.execution?.owner === this.#owner
        ? { request: { ...transition(current, status, now), result, ...(reconciled ? { reconciled: true } : {}) }, events }
        : KEEP,
    );
    if (!changed) {
      this.#deps.logger.warn(
        { requestId: request.id, owner: this.#owner },
        'another replica took over this request; its outcome is theirs to record',
      );
      return;
    }
    this.#deps.notifier.changed(finished, status);
    this.#deps.notifier.finished(finished);
    const { metrics } = this.#deps;
    metrics?.requests.inc({ action: finished.args.action, status });
    const approvedAt = finished.transitions.approved;
    if (approvedAt !== undefined) metrics?.timeToDone.observe({ action: finished.args.action, status }, (now - approvedAt) / 1000);
  }

  #workflow(request: ChangeRequest): Workflow {
    return this.#deps.workflows(request.args.action);
  }

  #context(request: ChangeRequest, lease: HeldLease): ExecutionContext {
    const lastWaitStatus = new Map<string, string>();
    return {
      provider: this.#deps.providers(request.account),
      clock: this.#deps.clock,
      requestId: request.id,
      waitTimeoutMs: this.#deps.waitTimeoutMs,
      signal: lease.signal,
      onEvent: (event) => this.#onEvent(request, event, lastWaitStatus),
      journal: (entry) => this.#journal(request.id, entry),
    };
  }

  async #journal(requestId: string, entry: JournalEntry): Promise<void> {
    await this.#deps.requests.update(requestId, (current) => {
      if (current.status !== 'executing' || current.execution?.owner !== this.#owner) throw new ExecutionTakenOverError(requestId);
      return { ...current, journal: [...current.journal, entry] };
    });
  }

  #onEvent(request: ChangeRequest, event: WorkflowEvent, lastWaitStatus: Map<string, string>): void {
    if (event.type === 'step') {
      void this.#audit(request, 'step', BOT_ACTOR, { ...event.outcome });
      this.#deps.notifier.progress(request, event);
      return;
    }
    const providerEvent = event.event;
    if (providerEvent.type === 'call') {
      void this.#audit(request, 'provider-call', BOT_ACTOR, {
        step: event.step,
        operation: providerEvent.operation,
        attempt: providerEvent.attempt,
        outcome: providerEvent.outcome,
        durationMs: providerEvent.durationMs,
        httpStatus: providerEvent.httpStatus,
        providerRequestId: providerEvent.requestId,
        code: providerEvent.code,
        message: providerEvent.message,
        willRetry: providerEvent.willRetry,
      });
      if (providerEvent.outcome !== 'ok') this.#deps.notifier.progress(request, event);
      return;
    }
    const key = `${event.step}\u0000${providerEvent.what}`;
    if (providerEvent.done || lastWaitStatus.get(key) !== providerEvent.status) {
      lastWaitStatus.set(key, providerEvent.status);
      this.#deps.notifier.progress(request, event);
    }
  }

  /** Audit records hold ids, statuses, codes and durations: never a secret (SPEC §5). */
  #audit(request: ChangeRequest, type: AuditEventType, actor: string, data: Record<string, unknown>): Promise<void> {
    return this.#deps.audit.record({ requestId: request.id, type, actor, at: this.#deps.clock.now(), data });
  }
}

