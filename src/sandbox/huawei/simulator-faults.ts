import type { HuaweiSimState } from './simulator-state.js';

/** What a faulty answer looks like: a broken connection, no answer at all, or an HTTP error. */
export type SimFaultResponse = 'reset' | 'hang' | { status: number; code?: string; message?: string };

export interface SimFaultRule {
  /** The operation name (`PUT publicip`, `POST publicips`, …: HuaweiOperation). */
  operation: string;
  response: SimFaultResponse;
  /**
   * Apply the request first, then fail the answer: the change is made but the caller
   * cannot know (the ambiguous case of SPEC §1). Default: fail before anything happens.
   */
  afterApplying?: boolean;
  /** How many matching calls fail (default 1). */
  times?: number;
}

/**
 * Faults on demand: failed answers per operation, EIP changes that get stuck or end in
 * `BIND_ERROR`/`ERROR`, revoked or expired tokens, and the per-account rate limit.
 */
export class HuaweiSimFaults {
  readonly #state: HuaweiSimState;
  #rules: { rule: SimFaultRule; remaining: number }[] = [];
  #rateLimitPerSecond: number | undefined;

  constructor(state: HuaweiSimState, rateLimitPerSecond: number | undefined) {
    this.#state = state;
    this.#rateLimitPerSecond = rateLimitPerSecond;
  }

  inject(rule: SimFaultRule): void {
    this.#rules.push({ rule, remaining: rule.times ?? 1 });
  }

  /** The fault for this call, if one is due; consumes one of its `times`. */
  take(operation: string): SimFaultRule | undefined {
    const due = this.#rules.find((entry) => entry.rule.operation === operation && entry.remaining > 0);
    if (!due) return undefined;
    due.remaining -= 1;
    this.#rules = this.#rules.filter((entry) => entry.remaining > 0);
    return due.rule;
  }

  /** The next change of this EIP (default: of any EIP) stays in its transient status for ever. */
  stickNextChange(eipId = '*'): void {
    this.#state.setOutcome(eipId, 'stuck');
  }

  /** The next bind of this EIP (default: of any EIP) ends in `BIND_ERROR`. */
  failNextBind(eipId = '*'): void {
    this.#state.setOutcome(eipId, 'bind-error');
  }

  /** The next change of this EIP (default: of any EIP) ends in `ERROR`. */
  errorNextChange(eipId = '*'): void {
    this.#state.setOutcome(eipId, 'error');
  }

  /** Every issued token stops working, as after a password change. */
  revokeTokens(): void {
    this.#state.revokeTokens();
  }

  /** Every issued token reaches its expiry now. */
  expireTokens(): void {
    this.#state.expireTokens();
  }

  /** Requests per second per account (AK or IAM user) before a 429 `APIG.0308`; undefined = no limit. */
  get rateLimitPerSecond(): number | undefined {
    return this.#rateLimitPerSecond;
  }

  setRateLimit(perSecond: number | undefined): void {
    this.#rateLimitPerSecond = perSecond;
  }

  clear(): void {
    this.#rules = [];
    this.#state.clearOutcomes();
  }
}
