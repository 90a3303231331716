import type { AuditLog } from '../../src/audit/audit-log.js';
import { openAuditLog } from '../../src/audit/open-audit-log.js';
import { systemClock, type Clock } from '../../src/clock.js';
import { configSchema, type Config, type HuaweiAccountConfig } from '../../src/config/schema.js';
import type { Logger } from '../../src/logger.js';
import type { Metrics } from '../../src/metrics.js';
import { createHuaweiProvider } from '../../src/providers/huawei/huawei-provider.js';
import type { EipProvider } from '../../src/providers/provider.js';
import type { ChangeRequest } from '../../src/requests/change-request.js';
import { ChangeRequestService } from '../../src/requests/change-request-service.js';
import type { UserGroupResolver } from '../../src/requests/policy.js';
import { createRequestIdGenerator, type RequestIdGenerator } from '../../src/requests/request-id.js';
import type { RequestChange, RequestNotifier } from '../../src/requests/request-notifier.js';
import { startHuaweiSimulator, type HuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import type { Store } from '../../src/store/store.js';
import { workflowFor } from '../../src/workflows/registry.js';
import type { WorkflowEvent } from '../../src/workflows/workflow.js';
import { keptLogs } from './kept-logs.js';
import { sandboxHuaweiAccount } from './sandbox-accounts.js';

/** The sandbox project's EIPs and ports (src/sandbox/huawei/default-seed.ts) the engine tests change. */
export const SEED = {
  /** Bound to app-1's primary port. */
  boundEip: { id: 'f6318bef-6508-4ea5-a48f-6152b6b1a8fb', address: '203.0.113.162', port: 'a135e9b8-1630-40d2-a6c5-eb534a61efbe' },
  /** Bound to app-1's secondary port. */
  secondEip: { id: '3f9a1c7e-5b2d-4e8f-a0c6-d4b2e8f1a3c5', address: '203.0.113.31', port: '8c4e2f1a-6d3b-4f7e-9a21-c5b8d0e3f472' },
  /** Unbound; web-1's port is free. */
  freeEip: { id: '2ec9b78d-9368-46f3-8f29-d1a95622a568', address: '203.0.113.12', port: '02c72193-efec-42fb-853b-c33f2b802467' },
  /** Unbound; standby-1's port is free. */
  spareEip: { id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', address: '203.0.113.25', port: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9' },
} as const;

export const WRITE_OPERATIONS = ['POST associate-instance', 'POST disassociate-instance', 'PUT publicip', 'POST publicips'] as const;

/** Provider writes the simulator received: what "executed once" is counted in. */
export function providerWrites(sim: HuaweiSimulator): number {
  return WRITE_OPERATIONS.reduce((sum, operation) => sum + sim.stats.count(operation), 0);
}

/** The Huawei simulator with status changes that take a few milliseconds (or `changeMs`). */
export function startTestSimulator(changeMs = 20): Promise<HuaweiSimulator> {
  return startHuaweiSimulator({ delays: { bindMs: changeMs, unbindMs: changeMs, createMs: changeMs } });
}

export interface EngineConfigOptions {
  policy?: Record<string, unknown>;
  leaseTtl?: string;
}

/** eipbot.yml for one Huawei v3 account whose endpoints all point at the simulator. */
export function engineConfig(simUrl: string, options: EngineConfigOptions = {}): Config {
  return configSchema.parse({
    defaultAccount: 'hw-prod',
    execution: { waitTimeout: '10s', leaseTtl: options.leaseTtl ?? '2s' },
    policy: { approvers: ['U0APPROVER1', 'U0APPROVER2', 'S0NETOPS'], ...options.policy },
    accounts: {
      'hw-prod': sandboxHuaweiAccount(simUrl),
    },
  });
}

/** The approver group: S0NETOPS has 20 members, U0NET01 … U0NET20. */
export const NETOPS_MEMBERS = Array.from({ length: 20 }, (_, index) => `U0NET${String(index + 1).padStart(2, '0')}`);
export const testGroups: UserGroupResolver = async (group) => (group === 'S0NETOPS' ? NETOPS_MEMBERS : []);

/** What the Slack layer would have been told, in order. */
export class RecordingNotifier implements RequestNotifier {
  readonly changes: { id: string; what: RequestChange; status: string }[] = [];
  readonly progressEvents: { id: string; event: WorkflowEvent }[] = [];
  readonly finishedRequests: ChangeRequest[] = [];
  /** When set, every call fails after being recorded, as a Slack outage would. */
  failing = false;

  async changed(request: ChangeRequest, what: RequestChange): Promise<void> {
    this.changes.push({ id: request.id, what, status: request.status });
    this.#maybeFail();
  }

  async progress(request: ChangeRequest, event: WorkflowEvent): Promise<void> {
    this.progressEvents.push({ id: request.id, event });
    this.#maybeFail();
  }

  async finished(request: ChangeRequest): Promise<void> {
    this.finishedRequests.push(request);
    this.#maybeFail();
  }

  /** The request ids this replica executed (moved to `executing`). */
  executed(): string[] {
    return this.changes.filter((change) => change.what === 'executing').map((change) => change.id);
  }

  #maybeFail(): void {
    if (this.failing) throw new Error('Slack is down (test)');
  }
}

export interface EngineOptions {
  store: Store;
  config: Config;
  clock?: Clock;
  logger?: Logger;
  notifier?: RecordingNotifier;
  groups?: UserGroupResolver;
  ids?: RequestIdGenerator;
  ownerId?: string;
  sweepIntervalMs?: number;
  metrics?: Metrics;
  /** `audit.file`: keep the chain in this JSONL file instead of the store. */
  auditFile?: string;
}

export interface Engine {
  service: ChangeRequestService;
  audit: AuditLog;
  notifier: RecordingNotifier;
}

/** The real engine: real workflows, the real Huawei provider against the simulator, the real audit log in the store. */
export function createEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? keptLogs().logger;
  const notifier = options.notifier ?? new RecordingNotifier();
  const audit = openAuditLog({ store: options.store, file: options.auditFile, clock });
  const providers = new Map<string, EipProvider>();
  const service = new ChangeRequestService({
    store: options.store,
    audit,
    config: options.config,
    providers: (name) => {
      const account = options.config.accounts[name] as HuaweiAccountConfig;
      let provider = providers.get(name);
      if (provider === undefined) {
        provider = createHuaweiProvider({
          name,
          account,
          clock,
          logger,
          poll: { minDelayMs: 5, maxDelayMs: 20 },
          retry: { baseMs: 5, capMs: 20 },
          httpTimeoutMs: 2_000,
        });
        providers.set(name, provider);
      }
      return provider;
    },
    workflows: workflowFor,
    groups: options.groups ?? testGroups,
    clock,
    ids: options.ids ?? createRequestIdGenerator(),
    logger,
    notifier,
    ownerId: options.ownerId,
    sweepIntervalMs: options.sweepIntervalMs,
    metrics: options.metrics,
  });
  return { service, audit, notifier };
}

/** Polls until `check` returns a value (bounded by the test's timeout). */
export async function eventually<T>(check: () => Promise<T | undefined>, everyMs = 10): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
