import { z } from 'zod';
import type { AuditEventType, AuditRecord } from './audit-log.js';

export const AUDIT_EVENT_TYPES = [
  'requested',
  'approved',
  'rejected',
  'cancelled',
  'expired',
  'executing',
  'provider-call',
  'step',
  'succeeded',
  'failed',
  'reconciled',
] as const satisfies readonly AuditEventType[];

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a sha256 in lower-case hex' });

export const auditEventSchema = z.strictObject({
  requestId: z.string().min(1),
  type: z.enum(AUDIT_EVENT_TYPES),
  actor: z.string().min(1),
  at: z.number().int().nonnegative(),
  data: z.record(z.string(), z.unknown()).optional(),
});

/**
 * A stored record. Strict: a field that is not part of the format is a sign of
 * tampering (or of a newer eipbot), never something to drop silently.
 */
export const auditRecordSchema = auditEventSchema.extend({
  seq: z.number().int().nonnegative(),
  prevHash: sha256Hex,
  hash: sha256Hex,
}) satisfies z.ZodType<AuditRecord>;
