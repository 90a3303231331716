import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { AccountInfo, ProviderEvent } from './providers/provider.js';

/**
 * Prometheus metrics served at `/metrics`. The product's own names start with
 * `eipbot_` (SPEC §7); the client library's `process_*`/`nodejs_*` defaults stand
 * beside them. One registry per bot instance, so tests can run several in a process.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'eipbot_requests_total',
    help: 'Change requests that reached a final status, by action and status.',
    labelNames: ['action', 'status'] as const,
    registers: [this.registry],
  });

  readonly approvals = new Counter({
    name: 'eipbot_approvals_total',
    help: 'Approval clicks, by outcome (counted, refused, rejected).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly timeToApproval = new Histogram({
    name: 'eipbot_request_to_approval_seconds',
    help: 'Time from a change request being made to it being approved.',
    labelNames: ['action'] as const,
    buckets: [5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600],
    registers: [this.registry],
  });

  readonly timeToDone = new Histogram({
    name: 'eipbot_approval_to_done_seconds',
    help: 'Time from approval to the final status (execution and confirmation).',
    labelNames: ['action', 'status'] as const,
    buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });

  readonly providerCallDuration = new Histogram({
    name: 'eipbot_provider_call_duration_seconds',
    help: 'Latency of each cloud provider API call, by provider, operation and outcome.',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly providerRetries = new Counter({
    name: 'eipbot_provider_retries_total',
    help: 'Provider calls that failed and were retried.',
    labelNames: ['provider', 'operation'] as const,
    registers: [this.registry],
  });

  readonly providerThrottles = new Counter({
    name: 'eipbot_provider_throttles_total',
    help: 'Provider calls answered with a throttling error.',
    labelNames: ['provider', 'operation'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Feed every provider event here (the providers' `onEvent` hook). */
  observeProviderEvent(account: Pick<AccountInfo, 'provider'>, event: ProviderEvent): void {
    if (event.type !== 'call') return;
    const labels = { provider: account.provider, operation: event.operation };
    this.providerCallDuration.observe({ ...labels, outcome: event.outcome }, event.durationMs / 1000);
    if (event.outcome === 'throttled') this.providerThrottles.inc(labels);
    if (event.willRetry) this.providerRetries.inc(labels);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
