import type { Clock } from '../../clock.js';
import { RateLimiter } from '../rate-limiter.js';

/**
 * Tencent's documented per-action limits, requests per second (reference/tencent.md
 * §4.8; DescribeNetworkInterfaces: cloud.tencent.com/document/api/215/15817). The
 * legacy v2 actions have no published numbers; they get those of their API 3.0
 * successors (reference §2.4, "API 2.0 → 3.0" mapping), which is what the simulator
 * enforces too.
 */
export const TENCENT_ACTION_LIMITS: Readonly<Record<string, number>> = {
  AssociateAddress: 10,
  DisassociateAddress: 10,
  AllocateAddresses: 10,
  DescribeAddressQuota: 10,
  DescribeAddresses: 20,
  DescribeTaskResult: 20,
  DescribeNetworkInterfaces: 100,
  EipBindInstance: 10,
  EipUnBindInstance: 10,
  DescribeEipQuota: 10,
  DescribeEip: 20,
};

/** For an action missing from the table: the lowest documented limit. */
const UNLISTED_ACTION_LIMIT = 10;

/**
 * Tencent counts requests per second on its side, and arrival jitter can squeeze
 * eleven evenly spaced calls into one of its seconds; staying 10% under the documented
 * number keeps a saturated client clear of `RequestLimitExceeded`.
 */
const HEADROOM = 0.9;

/**
 * One limiter per action, plus the account-wide `rateLimit` of eipbot.yml when set.
 * An instance belongs to one account (one provider), so the buckets are per account.
 */
export class ActionRateLimiter {
  readonly #clock: Clock;
  readonly #perAction = new Map<string, RateLimiter>();
  readonly #account?: RateLimiter;

  constructor(clock: Clock, accountRatePerSecond?: number) {
    this.#clock = clock;
    if (accountRatePerSecond !== undefined) this.#account = new RateLimiter(accountRatePerSecond, clock);
  }

  async acquire(action: string, signal?: AbortSignal): Promise<void> {
    let limiter = this.#perAction.get(action);
    if (!limiter) {
      limiter = new RateLimiter((TENCENT_ACTION_LIMITS[action] ?? UNLISTED_ACTION_LIMIT) * HEADROOM, this.#clock);
      this.#perAction.set(action, limiter);
    }
    await limiter.acquire(signal);
    await this.#account?.acquire(signal);
  }
}
