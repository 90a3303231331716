import { configSchema, type Config } from '../../src/config/schema.js';
import type { ChangeRequest } from '../../src/requests/change-request.js';

/** A parsed config with one Huawei account; `policy` and `extra` are merged over it as in eipbot.yml. */
export function requestsTestConfig(policy: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Config {
  return configSchema.parse({
    defaultAccount: 'hw-prod',
    execution: { waitTimeout: '10s', leaseTtl: '2s' },
    policy: { approvers: ['U0APPROVER1', 'U0APPROVER2', 'S0NETOPS'], ...policy },
    accounts: {
      'hw-prod': {
        provider: 'huawei',
        api: 'v3',
        region: 'cn-north-4',
        projectId: '0123456789abcdef0123456789abcdef',
        auth: { type: 'aksk', accessKey: 'HPUAEXAMPLEKEY', secretKey: 'example-secret' },
      },
    },
    ...extra,
  });
}

/** A pending unbind request as the store would hold it. */
export function pendingRequest(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  const createdAt = Date.UTC(2026, 0, 5, 12, 0, 0);
  return {
    id: 'R-7K2F9Q',
    requester: 'U0REQUESTER',
    channel: { id: 'C0OPS', name: 'ops' },
    account: 'hw-prod',
    args: { action: 'unbind', ref: { kind: 'eip', eip: '1.2.3.4' } },
    reason: 'INC-42 compromised host',
    plan: {
      action: 'unbind',
      changes: [{ eipId: 'eip-1', address: '1.2.3.4', before: { nicId: 'port-1', privateIp: '10.0.0.5', serverId: 'srv-1' }, providerStatus: 'ACTIVE' }],
      notes: [],
    },
    incident: false,
    policy: { approvals: 1, allowSelfApproval: false, ttlMs: 15 * 60_000 },
    approvals: [],
    status: 'pending',
    createdAt,
    expiresAt: createdAt + 15 * 60_000,
    transitions: { pending: createdAt },
    journal: [],
    version: 1,
    ...overrides,
  };
}
