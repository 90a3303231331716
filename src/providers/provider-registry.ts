import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/store.js';
import type { BackoffPolicy } from './backoff.js';
import { createHuaweiProvider } from './huawei/huawei-provider.js';
import type { EipProvider } from './provider.js';
import { createTencentProvider } from './tencent/tencent-provider.js';

/** Retry, poll and timeout settings; the defaults are each provider's own, tests make them tiny. */
export interface ProviderTuning {
  retry?: Partial<BackoffPolicy>;
  poll?: { minDelayMs?: number; maxDelayMs?: number };
  httpTimeoutMs?: number;
}

export interface ProviderRegistryOptions {
  config: Pick<Config, 'accounts'>;
  /** The Huawei IAM token cache lives in the store's `tokens` namespace, so every replica reuses one token. */
  store: Pick<Store, 'namespace'>;
  clock: Clock;
  logger: Logger;
  metrics?: Metrics;
  random?: () => number;
  tuning?: ProviderTuning;
}

/** The store namespace of the IAM token cache, shared by every replica. */
export const TOKEN_NAMESPACE = 'tokens';

/**
 * One `EipProvider` per configured account (SPEC §6 `accounts`), built once at start-up
 * so that a broken account fails the start, not the first request. Every call and poll
 * of every provider feeds the metrics (`eipbot_provider_call_duration_seconds`, retries,
 * throttles).
 */
export class ProviderRegistry {
  readonly #providers = new Map<string, EipProvider>();

  constructor(options: ProviderRegistryOptions) {
    const { config, store, clock, metrics, tuning = {} } = options;
    const tokens = store.namespace(TOKEN_NAMESPACE);
    for (const [name, account] of Object.entries(config.accounts)) {
      const logger = options.logger.child({ account: name });
      const common = {
        name,
        clock,
        logger,
        ...(options.random === undefined ? {} : { random: options.random }),
        ...(tuning.retry === undefined ? {} : { retry: tuning.retry }),
        ...(tuning.poll === undefined ? {} : { poll: tuning.poll }),
        ...(tuning.httpTimeoutMs === undefined ? {} : { httpTimeoutMs: tuning.httpTimeoutMs }),
        onEvent: metrics === undefined ? undefined : (event: Parameters<Metrics['observeProviderEvent']>[1]) => metrics.observeProviderEvent(account, event),
      };
      const provider =
        account.provider === 'huawei' ? createHuaweiProvider({ ...common, account, tokens }) : createTencentProvider({ ...common, account });
      this.#providers.set(name, provider);
    }
  }

  /** The provider of an account; the engine resolves names first, so an unknown one is a bug reported plainly. */
  get(account: string): EipProvider {
    const provider = this.#providers.get(account);
    if (provider === undefined) {
      throw new NotFoundError(`There is no account "${account}" in eipbot's configuration; use one of ${this.names().join(', ')}.`);
    }
    return provider;
  }

  names(): string[] {
    return [...this.#providers.keys()];
  }
}
