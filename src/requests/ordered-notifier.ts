import type { Logger } from '../logger.js';
import type { WorkflowEvent } from '../workflows/workflow.js';
import type { ChangeRequest } from './change-request.js';
import type { RequestChange, RequestNotifier } from './request-notifier.js';

/**
 * Puts the notifier out of the execution's way: calls return at once, run in order
 * per request (so a thread line never overtakes the card update before it), and a
 * failing Slack call is logged, never thrown into the engine.
 */
export class OrderedNotifier {
  readonly #notifier: RequestNotifier;
  readonly #logger: Logger;
  readonly #chains = new Map<string, Promise<void>>();

  constructor(notifier: RequestNotifier, logger: Logger) {
    this.#notifier = notifier;
    this.#logger = logger;
  }

  changed(request: ChangeRequest, what: RequestChange): void {
    this.#enqueue(request.id, `changed:${what}`, () => this.#notifier.changed(request, what));
  }

  progress(request: ChangeRequest, event: WorkflowEvent): void {
    this.#enqueue(request.id, 'progress', () => this.#notifier.progress(request, event));
  }

  finished(request: ChangeRequest): void {
    this.#enqueue(request.id, 'finished', () => this.#notifier.finished(request));
  }

  /** Resolves when every notification queued so far has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all(this.#chains.values());
  }

  #enqueue(requestId: string, what: string, call: () => Promise<void>): void {
    const previous = this.#chains.get(requestId) ?? Promise.resolve();
    const next = previous
      .then(call)
      .catch((error: unknown) => this.#logger.warn({ err: error, requestId, notification: what }, 'could not notify Slack about a change request'))
      .finally(() => {
        if (this.#chains.get(requestId) === next) this.#chains.delete(requestId);
      });
    this.#chains.set(requestId, next);
  }
}
