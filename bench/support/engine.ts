import { openAuditLog } from '../../src/audit/open-audit-log.js';
import { systemClock } from '../../src/clock.js';
import type { Config } from '../../src/config/schema.js';
import { createLogger } from '../../src/logger.js';
import { ProviderRegistry } from '../../src/providers/provider-registry.js';
import type { ChangeRequest } from '../../src/requests/change-request.js';
import { ChangeRequestService } from '../../src/requests/change-request-service.js';
import { createRequestIdGenerator } from '../../src/requests/request-id.js';
import type { RequestNotifier } from '../../src/requests/request-notifier.js';
import type { Store } from '../../src/store/store.js';
import { workflowFor } from '../../src/workflows/registry.js';

/** Stands in for Slack: resolves waiters when a request's execution ends. */
class FinishedRequests implements RequestNotifier {
  readonly #waiters = new Map<string, (request: ChangeRequest) => void>();

  async changed(): Promise<void> {}

  async progress(): Promise<void> {}

  async finished(request: ChangeRequest): Promise<void> {
    this.#waiters.get(request.id)?.(request);
  }

  next(id: string): Promise<ChangeRequest> {
    return new Promise((resolve) => this.#waiters.set(id, resolve));
  }
}

export interface BenchEngine {
  service: ChangeRequestService;
  providers: ProviderRegistry;
  /** Resolves with the request once its execution has ended. */
  finished(id: string): Promise<ChangeRequest>;
  stop(): Promise<void>;
}

/**
 * The change-request engine as createBot wires it (providers from the registry with
 * their production settings, the real workflows, the audit log in the store), with
 * Slack left out: the benchmarks measure the engine and the cloud, not the chat.
 */
export function benchEngine(config: Config, store: Store): BenchEngine {
  const logger = createLogger({ level: 'warn' });
  const providers = new ProviderRegistry({ config, store, clock: systemClock, logger });
  const notifier = new FinishedRequests();
  const service = new ChangeRequestService({
    store,
    audit: openAuditLog({ store, clock: systemClock }),
    config,
    providers: (account) => providers.get(account),
    workflows: workflowFor,
    groups: async () => [],
    clock: systemClock,
    ids: createRequestIdGenerator(),
    logger,
    notifier,
  });
  service.start();
  return { service, providers, finished: (id) => notifier.next(id), stop: () => service.stop() };
}
