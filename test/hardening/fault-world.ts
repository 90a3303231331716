import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAuditLog } from '../../src/audit/open-audit-log.js';
import type { AuditLog, AuditRecord } from '../../src/audit/audit-log.js';
import { systemClock } from '../../src/clock.js';
import { configSchema } from '../../src/config/schema.js';
import { ProviderRegistry } from '../../src/providers/provider-registry.js';
import type { ChangeRequest } from '../../src/requests/change-request.js';
import { ChangeRequestService } from '../../src/requests/change-request-service.js';
import { createRequestIdGenerator } from '../../src/requests/request-id.js';
import type { RequestNotifier } from '../../src/requests/request-notifier.js';
import { defaultHuaweiSeed } from '../../src/sandbox/huawei/default-seed.js';
import { startHuaweiSimulator, type HuaweiSimulator } from '../../src/sandbox/huawei/huawei-simulator.js';
import { SANDBOX_TENCENT_SECRET_ID, SANDBOX_TENCENT_SECRET_KEY } from '../../src/sandbox/tencent/default-tencent-seed.js';
import { startTencentSimulator, type TencentSimulator } from '../../src/sandbox/tencent/tencent-simulator.js';
import { progressLine } from '../../src/slack/blocks/progress-line.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import type { ActionArgs, WorkflowEvent } from '../../src/workflows/workflow.js';
import { workflowFor } from '../../src/workflows/registry.js';
import { keptLogs } from '../support/kept-logs.js';

export const REQUESTER = 'U0RITA001';
export const APPROVER = 'U0ALICE01';
/** How long a provider call may go unanswered here: a hung call fails in a quarter second. */
export const HTTP_TIMEOUT_MS = 250;

/** What the Slack layer would have shown of one request: its thread lines, as the notifier writes them. */
class ShownToPeople implements RequestNotifier {
  readonly lines = new Map<string, string[]>();
  readonly #finished = new Map<string, (request: ChangeRequest) => void>();

  async changed(): Promise<void> {}

  async progress(request: ChangeRequest, event: WorkflowEvent): Promise<void> {
    this.lines.set(request.id, [...(this.lines.get(request.id) ?? []), progressLine(event)]);
  }

  async finished(request: ChangeRequest): Promise<void> {
    this.#finished.get(request.id)?.(request);
  }

  next(id: string): Promise<ChangeRequest> {
    return new Promise((resolve) => this.#finished.set(id, resolve));
  }
}

export interface Outcome {
  request: ChangeRequest;
  /** The thread lines and the final summary, as one text. */
  shown: string;
  trail: AuditRecord[];
}

/**
 * Both clouds' simulators (default seeds, changes transient for 20 ms), a SQLite store in
 * a temp dir, and the real engine with the real providers, workflows and audit log; the
 * provider settings are production's with tiny waits. `run` takes one change through
 * request → approve → execution and returns what people and the audit log got.
 */
export class FaultWorld {
  private constructor(
    readonly huawei: HuaweiSimulator,
    readonly tencent: TencentSimulator,
    readonly store: Store,
    readonly audit: AuditLog,
    readonly service: ChangeRequestService,
    private readonly shown: ShownToPeople,
    private readonly dir: string,
  ) {}

  static async start(): Promise<FaultWorld> {
    const delays = { bindMs: 20, unbindMs: 20, createMs: 20 };
    const huawei = await startHuaweiSimulator({ delays });
    const tencent = await startTencentSimulator({ delays, rateLimits: { perAction: false } });
    const dir = await mkdtemp(join(tmpdir(), 'eipbot-faults-'));
    const [aksk] = defaultHuaweiSeed.credentials.aksk;
    const config = configSchema.parse({
      defaultAccount: 'hw',
      // The shortest wait eipbot.yml allows: a change stuck in a transient status fails after a second.
      execution: { waitTimeout: '1s', leaseTtl: '5s' },
      policy: { approvers: [APPROVER] },
      accounts: {
        hw: {
          provider: 'huawei',
          api: 'v3',
          region: 'cn-north-4',
          projectId: defaultHuaweiSeed.projectId,
          auth: { type: 'aksk', accessKey: aksk?.accessKey, secretKey: aksk?.secretKey },
          endpoints: { vpc: huawei.url, ecs: huawei.url, iam: huawei.url },
        },
        tc: {
          provider: 'tencent',
          api: 'v3',
          region: 'ap-guangzhou',
          auth: { secretId: SANDBOX_TENCENT_SECRET_ID, secretKey: SANDBOX_TENCENT_SECRET_KEY },
          endpoints: { vpc: tencent.url, eip: tencent.url },
        },
      },
    });
    const store = await openStore(`sqlite://${join(dir, 'eipbot.sqlite')}`);
    const { logger } = keptLogs();
    const providers = new ProviderRegistry({
      config,
      store,
      clock: systemClock,
      logger,
      tuning: { retry: { baseMs: 5, capMs: 20 }, poll: { minDelayMs: 5, maxDelayMs: 20 }, httpTimeoutMs: HTTP_TIMEOUT_MS },
    });
    const audit = openAuditLog({ store, clock: systemClock });
    const shown = new ShownToPeople();
    const service = new ChangeRequestService({
      store,
      audit,
      config,
      providers: (account) => providers.get(account),
      workflows: workflowFor,
      groups: async () => [],
      clock: systemClock,
      ids: createRequestIdGenerator(),
      logger,
      notifier: shown,
    });
    return new FaultWorld(huawei, tencent, store, audit, service, shown, dir);
  }

  /** Requests `args` on `account`, lets `inject` set up the fault, approves, and waits for the end of the execution. */
  async run(account: 'hw' | 'tc', args: ActionArgs, inject: () => void): Promise<Outcome> {
    const request = await this.service.request({ args, account, reason: 'fault matrix', requester: REQUESTER, channel: { id: 'C0OPS0001', name: 'ops' } });
    inject();
    const done = this.shown.next(request.id);
    await this.service.approve(request.id, APPROVER);
    const finished = await done;
    await this.service.settled();
    return {
      request: finished,
      shown: [...(this.shown.lines.get(request.id) ?? []), finished.result?.summary ?? ''].join('\n'),
      trail: await this.audit.trail(request.id),
    };
  }

  async close(): Promise<void> {
    await this.service.stop();
    await this.store.close();
    await Promise.all([this.huawei.close(), this.tencent.close()]);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The audit trail's provider calls of one operation: attempt, outcome, and what failed. */
export function auditedCalls(trail: readonly AuditRecord[], operation: string): { attempt: unknown; outcome: unknown; httpStatus: unknown; code: unknown }[] {
  return trail
    .filter((record) => record.type === 'provider-call' && record.data?.operation === operation)
    .map((record) => ({ attempt: record.data?.attempt, outcome: record.data?.outcome, httpStatus: record.data?.httpStatus, code: record.data?.code }));
}
