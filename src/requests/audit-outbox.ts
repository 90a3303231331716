import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { KEEP } from '../store/store.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { ChangeRequest, OutboxEvent } from './change-request.js';
import type { ChangeRequestStore, UpdatedRequest } from './change-request-store.js';

/**
 * An event left in an outbox this long was left there by a process that died between
 * its transition and the audit append (a live process appends within milliseconds, or
 * keeps retrying and logging); a sweeper then appends it.
 */
const OUTBOX_GRACE_MS = 60_000;

export type AuditedChange = { request: ChangeRequest; events: OutboxEvent[] } | typeof KEEP;

/** One event's identity within its request: a transition has one actor and one instant. */
function eventKey(event: Pick<OutboxEvent, 'type' | 'actor' | 'at'>): string {
  return `${event.type}|${event.actor}|${event.at}`;
}

/**
 * Transitions and their audit records without a gap between them: the events are
 * written into the request in the same compare-and-set as the transition (the outbox),
 * then appended to the audit log, then removed from the request. A process killed in
 * between leaves them in the outbox, where `recover` finds them; it skips any that did
 * reach the log, so nothing is lost and nothing is recorded twice.
 */
export class AuditOutbox {
  readonly #requests: ChangeRequestStore;
  readonly #recorder: AuditRecorder;
  readonly #audit: AuditLog;
  readonly #clock: Clock;
  readonly #logger: Logger;

  constructor(options: { requests: ChangeRequestStore; recorder: AuditRecorder; audit: AuditLog; clock: Clock; logger: Logger }) {
    this.#requests = options.requests;
    this.#recorder = options.recorder;
    this.#audit = options.audit;
    this.#clock = options.clock;
    this.#logger = options.logger;
  }

  /** Stores a new request with its first events and returns it as stored; undefined if its id is taken. */
  async create(request: ChangeRequest, events: OutboxEvent[]): Promise<ChangeRequest | undefined> {
    const stored: ChangeRequest = { ...request, auditOutbox: events };
    if (!(await this.#requests.create(stored))) return undefined;
    return (await this.#deliver(request.id, events)) ?? stored;
  }

  /**
   * An atomic update of the request (see `ChangeRequestStore.update`) whose events are
   * on record when it resolves; returns the request as stored by then.
   */
  async update(id: string, fn: (current: ChangeRequest) => AuditedChange): Promise<UpdatedRequest> {
    let added: OutboxEvent[] = [];
    const result = await this.#requests.update(id, (current) => {
      added = [];
      const change = fn(current);
      if (change === KEEP) return KEEP;
      added = change.events;
      return { ...change.request, auditOutbox: [...(change.request.auditOutbox ?? []), ...change.events] };
    });
    if (!result.changed) return result;
    return { request: (await this.#deliver(id, added)) ?? result.request, changed: true };
  }

  /** Appends what a dead process left in `request`'s outbox, unless already in the log, and empties it. */
  async recover(request: ChangeRequest): Promise<void> {
    const cutoff = this.#clock.now() - OUTBOX_GRACE_MS;
    const stranded = (request.auditOutbox ?? []).filter((event) => event.at <= cutoff);
    if (stranded.length === 0) return;
    const recorded = new Set((await this.#audit.trail(request.id)).map(eventKey));
    const missing = stranded.filter((event) => !recorded.has(eventKey(event)));
    this.#logger.warn(
      { requestId: request.id, appended: missing.map(eventKey), alreadyRecorded: stranded.length - missing.length },
      'appending audit events a stopped replica left behind',
    );
    for (const event of missing) await this.#recorder.record({ requestId: request.id, ...event });
    await this.#remove(request.id, stranded);
  }

  /** The request after its outbox was emptied of `events`; undefined if that write failed. */
  async #deliver(id: string, events: OutboxEvent[]): Promise<ChangeRequest | undefined> {
    for (const event of events) await this.#recorder.record({ requestId: id, ...event });
    return this.#remove(id, events);
  }

  async #remove(id: string, events: OutboxEvent[]): Promise<ChangeRequest | undefined> {
    const done = new Set(events.map(eventKey));
    try {
      const { request } = await this.#requests.update(id, (current) => {
        const outbox = current.auditOutbox ?? [];
        const left = outbox.filter((event) => !done.has(eventKey(event)));
        return left.length === outbox.length ? KEEP : { ...current, auditOutbox: left.length > 0 ? left : undefined };
      });
      return request;
    } catch (error) {
      // The events are in the log; a sweeper finds them there and only empties the outbox.
      this.#logger.warn({ err: error, requestId: id }, 'could not clear the audit outbox of a change request');
      return undefined;
    }
  }
}
