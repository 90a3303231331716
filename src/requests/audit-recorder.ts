import type { AuditEvent, AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

/**
 * Appends audit events in the order they are recorded, one at a time, and never
 * drops one: a failed append is logged at error level and retried with backoff until
 * it goes through. Callers that await `record` do not go on until their event is on
 * record, so nothing is done that the audit log does not know about.
 */
export class AuditRecorder {
  readonly #audit: AuditLog;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #tail: Promise<void> = Promise.resolve();

  constructor(audit: AuditLog, clock: Clock, logger: Logger) {
    this.#audit = audit;
    this.#clock = clock;
    this.#logger = logger;
  }

  /** Resolves once `event` is appended (after every event recorded before it). */
  record(event: AuditEvent): Promise<void> {
    const appended = this.#tail.then(() => this.#append(withoutUndefined(event)));
    this.#tail = appended;
    return appended;
  }

  /** Resolves once everything recorded so far is appended. */
  flush(): Promise<void> {
    return this.#tail;
  }

  async #append(event: AuditEvent): Promise<void> {
    for (let attempt = 1, delay = FIRST_RETRY_MS; ; attempt += 1, delay = Math.min(MAX_RETRY_MS, delay * 2)) {
      try {
        await this.#audit.append(event);
        if (attempt > 1) this.#logger.info({ requestId: event.requestId, type: event.type, attempt }, 'audit record appended after retries');
        return;
      } catch (error) {
        this.#logger.error(
          { err: error, requestId: event.requestId, type: event.type, attempt, retryInMs: delay },
          'AUDIT APPEND FAILED: the record is held in memory and retried; check the audit backend',
        );
        await this.#clock.sleep(delay);
      }
    }
  }
}

/** Canonical JSON (the hash input) has no notion of `undefined`, so such data keys are left out. */
function withoutUndefined(event: AuditEvent): AuditEvent {
  if (event.data === undefined) return event;
  return { ...event, data: Object.fromEntries(Object.entries(event.data).filter(([, value]) => value !== undefined)) };
}
