/**
 * The audit log contract (SPEC §5): an append-only, hash-chained record of every
 * transition of every change request. Each record carries the hash of the one before
 * it; `hash = sha256(prevHash + canonicalJson(record without hash))`.
 */

export type AuditEventType =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'expired'
  | 'executing'
  | 'provider-call'
  | 'step'
  | 'succeeded'
  | 'failed'
  | 'reconciled';

/** What a caller appends. `data` is plain JSON and must hold no secret. */
export interface AuditEvent {
  requestId: string;
  type: AuditEventType;
  /** Slack user id of the person who caused it, or `eipbot` for the bot itself. */
  actor: string;
  /** Milliseconds since the epoch. */
  at: number;
  data?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEvent {
  /** 0-based position in the chain. */
  seq: number;
  prevHash: string;
  hash: string;
}

export type VerifyResult =
  | { ok: true; records: number }
  /**
   * `position` is the 0-based seq of the first record that does not verify; `record`
   * names it (request and event) when its content could still be read.
   */
  | { ok: false; records: number; position: number; reason: string; record?: Pick<AuditRecord, 'requestId' | 'type'> };

export interface AuditLog {
  /** Appends atomically at the chain's tail; concurrent appenders (replicas) never fork it. */
  append(event: AuditEvent): Promise<AuditRecord>;
  verify(): Promise<VerifyResult>;
  /** Every record of one change request, in order. */
  trail(requestId: string): Promise<AuditRecord[]>;
}
