/**
 * Tencent's per-action limits, counted as it reports them: requests in one calendar
 * second ("Your current request times equals to `21` in a second, which exceeds the
 * frequency limit `20` for a second"), per SecretId and action, and optionally a total
 * per SecretId.
 */
export class TencentThrottle {
  readonly #perAction: Readonly<Record<string, number>>;
  readonly #accountTotal?: number;
  readonly #windows = new Map<string, { second: number; count: number }>();

  constructor(perAction: Readonly<Record<string, number>>, accountTotal?: number) {
    this.#perAction = perAction;
    this.#accountTotal = accountTotal;
  }

  /** Counts this call; returns the refusal message when it is over a limit. */
  admit(secretId: string, action: string, nowMs: number): string | undefined {
    const second = Math.floor(nowMs / 1000);
    const over = (key: string, limit: number | undefined): string | undefined => {
      if (limit === undefined) return undefined;
      const window = this.#windows.get(key);
      const count = window && window.second === second ? window.count + 1 : 1;
      this.#windows.set(key, { second, count });
      return count > limit
        ? `Your current request times equals to \`${count}\` in a second, which exceeds the frequency limit \`${limit}\` for a second. Please reduce the frequency of calls.`
        : undefined;
    };
    return over(`${secretId}|${action}`, this.#perAction[action]) ?? over(`${secretId}|*`, this.#accountTotal);
  }
}
