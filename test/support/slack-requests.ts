import type { ChangeRequest } from '../../src/requests/change-request.js';
import type { EipChange } from '../../src/workflows/workflow.js';

export const CREATED_AT = Date.UTC(2026, 0, 5, 12, 0, 0);

/** A pending Tencent unbind as the store holds it; `overrides` replace whole fields. */
export function pendingUnbind(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  return {
    id: 'R-7K2F9Q',
    requester: 'U0RITA001',
    channel: { id: 'C0OPS0001', name: 'ops' },
    account: 'tc-prod',
    args: { action: 'unbind', ref: { kind: 'eip', eip: '203.0.113.10' } },
    reason: 'INC-42 compromised host',
    plan: {
      action: 'unbind',
      changes: [
        {
          eipId: 'eip-web00001',
          address: '203.0.113.10',
          before: { nicId: 'eni-web00001', privateIp: '10.0.1.10', serverId: 'ins-web00001' },
          providerStatus: 'BIND',
          bandwidthMbps: 5,
        },
      ],
      notes: [],
    },
    incident: false,
    policy: { approvals: 1, allowSelfApproval: false, ttlMs: 15 * 60_000 },
    approvals: [],
    status: 'pending',
    createdAt: CREATED_AT,
    expiresAt: CREATED_AT + 15 * 60_000,
    transitions: { pending: CREATED_AT },
    journal: [],
    version: 1,
    ...overrides,
  };
}

/** `count` bound EIPs of one server, as an isolate plans them. */
export function isolateChanges(count: number): EipChange[] {
  return Array.from({ length: count }, (_, index) => ({
    eipId: `eip-${String(index).padStart(8, '0')}`,
    address: `198.51.${Math.floor(index / 250)}.${(index % 250) + 1}`,
    before: { nicId: `eni-${String(index % 8).padStart(8, '0')}`, privateIp: `10.0.${index % 8}.${index + 1}`, serverId: 'ins-db000001' },
    providerStatus: 'BIND',
    bandwidthMbps: 100,
  }));
}

/** A request that succeeded, with its result, approvals and transitions. */
export function succeededUnbind(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  const base = pendingUnbind();
  return {
    ...base,
    status: 'succeeded',
    approvals: [{ user: 'U0ALICE01', at: CREATED_AT + 60_000 }],
    transitions: { pending: CREATED_AT, approved: CREATED_AT + 60_000, executing: CREATED_AT + 60_100, succeeded: CREATED_AT + 64_000 },
    card: { channel: 'C0OPS0001', ts: '1767614400.000100' },
    result: {
      ok: true,
      summary: 'Unbound 203.0.113.10 from NIC eni-web00001 (10.0.1.10) of server ins-web00001.',
      steps: [
        { label: 'unbind 203.0.113.10', eipId: 'eip-web00001', ok: true, message: 'Unbound 203.0.113.10 (UNBIND).', requestIds: ['req-1'], durationMs: 1_500 },
      ],
      undo: { action: 'bind', eip: 'eip-web00001', target: { kind: 'nic', nicId: 'eni-web00001', privateIp: '10.0.1.10' } },
    },
    ...overrides,
  };
}
