import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential that never prints itself. `toString`, `toJSON` and `util.inspect` all
 * redact, so a config object can be logged, stringified or dumped without leaking.
 * Access-key ids (Huawei AK, Tencent SecretId) may be shown masked: first 4
 * characters then `…`, as SPEC §5 allows; everything else shows nothing.
 */
export class Secret {
  readonly #value: string;
  readonly #visiblePrefix: number;

  private constructor(value: string, visiblePrefix: number) {
    this.#value = value;
    this.#visiblePrefix = visiblePrefix;
  }

  /** A secret whose value is never shown (secret keys, passwords, tokens). */
  static of(value: string): Secret {
    return new Secret(value, 0);
  }

  /** An identifier that may be shown masked: `HPUA…`. */
  static maskedId(value: string): Secret {
    return new Secret(value, 4);
  }

  /** The real value; call it only where the value is sent to the provider. */
  reveal(): string {
    return this.#value;
  }

  /** What logs, audit and Slack may show. */
  get display(): string {
    if (this.#visiblePrefix === 0) return REDACTED;
    return `${this.#value.slice(0, this.#visiblePrefix)}…`;
  }

  toString(): string {
    return this.display;
  }

  toJSON(): string {
    return this.display;
  }

  [inspect.custom](): string {
    return `Secret(${this.display})`;
  }
}
