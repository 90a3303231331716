import type { Eip, EipStatus } from '../provider.js';

/**
 * Where an address is in its life, the same for both APIs. The waiters and the
 * idempotency checks need the direction of a transient status (binding or
 * unbinding), which the cloud-neutral `EipStatus` ('pending') does not carry.
 */
export type AddressPhase = 'creating' | 'binding' | 'bound' | 'unbinding' | 'unbound' | 'offlining' | 'failed' | 'unknown';

/** An EIP as the provider reports it, with its phase for the decisions made inside the provider. */
export interface TencentAddress {
  eip: Eip;
  phase: AddressPhase;
  /** The provider's status as a reader should see it: `BINDING`, `1 (binding)`. */
  statusText: string;
}

/** API 3.0 `AddressStatus` (reference §4.3). `BIND_ENI` is bound to an ENI that is attached to no instance. */
const V3_PHASES: Record<string, AddressPhase> = {
  CREATING: 'creating',
  BINDING: 'binding',
  BIND: 'bound',
  BIND_ENI: 'bound',
  UNBINDING: 'unbinding',
  UNBIND: 'unbound',
  OFFLINING: 'offlining',
};

/** Legacy DescribeEip `status` (reference §2.4): 0 creating, 1 binding, 2 bound, 3 unbinding, 4 unbound, 6 offlining, 9 create failed. */
const LEGACY_PHASES: Record<number, { phase: AddressPhase; word: string }> = {
  0: { phase: 'creating', word: 'creating' },
  1: { phase: 'binding', word: 'binding' },
  2: { phase: 'bound', word: 'bound' },
  3: { phase: 'unbinding', word: 'unbinding' },
  4: { phase: 'unbound', word: 'unbound' },
  6: { phase: 'offlining', word: 'offlining' },
  9: { phase: 'failed', word: 'create failed' },
};

export function v3Phase(status: string): AddressPhase {
  return V3_PHASES[status] ?? 'unknown';
}

export function legacyPhase(status: number): AddressPhase {
  return LEGACY_PHASES[status]?.phase ?? 'unknown';
}

/** `2 (bound)`: a legacy number means nothing to a reader on its own. */
export function legacyStatusText(status: number): string {
  const known = LEGACY_PHASES[status];
  return known ? `${status} (${known.word})` : String(status);
}

export function eipStatusOf(phase: AddressPhase): EipStatus {
  switch (phase) {
    case 'bound':
      return 'bound';
    case 'unbound':
      return 'unbound';
    case 'creating':
    case 'binding':
    case 'unbinding':
    case 'offlining':
      return 'pending';
    case 'failed':
      return 'error';
    case 'unknown':
      return 'other';
  }
}

export function isTransient(phase: AddressPhase): boolean {
  return phase === 'creating' || phase === 'binding' || phase === 'unbinding' || phase === 'offlining';
}
