import type { EipStatus } from '../provider.js';

/**
 * Huawei EIP statuses (v1 and v3 share the enum, reference §3.6) onto the neutral ones.
 * `ELB`/`VPN` are bound to something that is not a NIC; `FREEZED` is locked by the
 * cloud; an unknown future status counts as `other`, never as settled-and-fine.
 */
export function normaliseHuaweiEipStatus(status: string): EipStatus {
  if (status === 'ACTIVE') return 'bound';
  if (status === 'DOWN') return 'unbound';
  if (status.startsWith('PENDING_') || status === 'BINDING' || status === 'NOTIFYING' || status === 'NOTIFY_DELETE') {
    return 'pending';
  }
  if (status === 'BIND_ERROR' || status === 'ERROR') return 'error';
  return 'other';
}
