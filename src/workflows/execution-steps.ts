import { isProviderError, type ProviderError } from '../providers/provider-error.js';
import type { CallOptions, ProviderEvent, WriteReceipt } from '../providers/provider.js';
import { sentence } from './sentence.js';
import type { ExecutionContext, JournalEntry, StepOutcome } from './workflow.js';

/** What a write call produced: the receipt to journal and follow, and the value the step goes on with. */
export interface Written<W> {
  receipt: WriteReceipt;
  value: W;
  /** The EIP the write made or touched, when the step did not know it before (create). */
  eipId?: string;
}

export interface WriteStep<W, T> {
  /** Journal step name (`unbind`, `bind`, `create`, `restore`, …). */
  step: string;
  /** What the user reads: `unbind 1.2.3.4`. */
  label: string;
  eipId?: string;
  write(options: CallOptions): Promise<Written<W>>;
  /** Waits for the final state the write leads to. */
  confirm(written: Written<W>, options: CallOptions): Promise<T>;
  succeeded(value: T): string;
  /** The start of the failure sentence: `Could not unbind 1.2.3.4`. */
  failed: string;
}

export interface ReadStep<T> {
  label: string;
  run(options: CallOptions): Promise<T>;
  problem(value: T): string | undefined;
  /** The message when nothing is wrong. */
  ok: string;
  /** The start of the failure sentence when the read itself fails. */
  failed: string;
}

export type ReadResult<T> =
  | { ok: true; value: T; outcome: StepOutcome }
  /** `unreadable`: the read itself failed, as opposed to reading something unexpected. */
  | { ok: false; problem: string; unreadable: boolean; outcome: StepOutcome };

export type StepResult<T> = { ok: true; value: T; outcome: StepOutcome } | { ok: false; outcome: StepOutcome };

/**
 * Runs the steps of one execution and keeps their outcomes. Every write is journaled
 * before it is sent, after the provider accepted it (with the receipt) and once its
 * final state was confirmed, so a replica taking over knows how far this one got.
 * Provider failures become failed steps; anything else (a journal that cannot be
 * written, an abort) propagates, because going on without it would be unsafe.
 */
export class ExecutionSteps {
  readonly outcomes: StepOutcome[] = [];
  readonly #context: ExecutionContext;

  constructor(context: ExecutionContext) {
    this.#context = context;
  }

  /**
   * A step that only reads (the drift check). `problem` turns what was read into a
   * sentence when it is not what the plan expects; provider failures are results too.
   */
  async read<T>(spec: ReadStep<T>): Promise<ReadResult<T>> {
    const tracker = this.#track(spec.label);
    try {
      const value = await spec.run(tracker.options);
      const problem = spec.problem(value);
      const outcome = this.#finish(tracker, { ok: problem === undefined, message: problem ?? spec.ok });
      return problem === undefined ? { ok: true, value, outcome } : { ok: false, problem, unreadable: false, outcome };
    } catch (error) {
      if (!isProviderError(error)) throw error;
      const outcome = this.#failure(tracker, spec.failed, error);
      return { ok: false, problem: outcome.message, unreadable: true, outcome };
    }
  }

  async write<W, T>(spec: WriteStep<W, T>): Promise<StepResult<T>> {
    const tracker = this.#track(spec.label);
    let eipId = spec.eipId;
    const journal = (entry: Omit<JournalEntry, 'step' | 'eipId'>) =>
      this.#context.journal({ step: spec.step, ...(eipId === undefined ? {} : { eipId }), ...entry });
    await journal({ phase: 'before-write' });
    let written: Written<W>;
    try {
      written = await spec.write(tracker.options);
    } catch (error) {
      if (!isProviderError(error)) throw error;
      return { ok: false, outcome: this.#failure(tracker, spec.failed, error, eipId) };
    }
    eipId = written.eipId ?? eipId;
    if (written.receipt.requestId !== undefined) tracker.requestIds.add(written.receipt.requestId);
    await journal({ phase: 'after-write', receipt: written.receipt });
    let value: T;
    try {
      value = await spec.confirm(written, tracker.options);
    } catch (error) {
      if (!isProviderError(error)) throw error;
      return { ok: false, outcome: this.#failure(tracker, spec.failed, error, eipId) };
    }
    await journal({ phase: 'confirmed', receipt: written.receipt });
    return { ok: true, value, outcome: this.#finish(tracker, { ok: true, message: spec.succeeded(value) }, eipId) };
  }

  /** Call options for reads outside a step (a last look at the state after a failure). */
  get readOptions(): CallOptions {
    return this.#track('read state').options;
  }

  #track(label: string): Tracker {
    const requestIds = new Set<string>();
    const context = this.#context;
    return {
      label,
      started: context.clock.now(),
      requestIds,
      options: {
        signal: context.signal,
        waitTimeoutMs: context.waitTimeoutMs,
        onEvent: (event: ProviderEvent) => {
          if (event.type === 'call' && event.requestId !== undefined) requestIds.add(event.requestId);
          context.onEvent({ type: 'provider', step: label, event });
        },
      },
    };
  }

  #failure(tracker: Tracker, failed: string, error: ProviderError, eipId?: string): StepOutcome {
    if (error.requestId !== undefined) tracker.requestIds.add(error.requestId);
    return this.#finish(tracker, { ok: false, message: sentence(`${failed}: ${error.userMessage}`), detail: error.message }, eipId);
  }

  #finish(tracker: Tracker, result: { ok: boolean; message: string; detail?: string }, eipId?: string): StepOutcome {
    const outcome: StepOutcome = {
      label: tracker.label,
      ...(eipId === undefined ? {} : { eipId }),
      ok: result.ok,
      message: result.message,
      ...(result.detail === undefined ? {} : { detail: result.detail }),
      requestIds: [...tracker.requestIds],
      durationMs: this.#context.clock.now() - tracker.started,
    };
    this.outcomes.push(outcome);
    this.#context.onEvent({ type: 'step', outcome });
    return outcome;
  }
}

interface Tracker {
  label: string;
  started: number;
  requestIds: Set<string>;
  options: CallOptions;
}
