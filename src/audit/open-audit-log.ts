import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import { AuditError } from './audit-error.js';
import type { AuditLog } from './audit-log.js';
import { HashChainedAuditLog } from './hash-chained-audit-log.js';
import { JsonlFileLog } from './jsonl-file-log.js';

export interface OpenAuditLogOptions {
  /** The store's backend keeps the chain (SQLite table, Redis list) unless `file` is set. */
  store?: Pick<Store, 'log'>;
  /** `audit.file`: an absolute path to a JSONL file that holds the chain instead. */
  file?: string;
  clock?: Clock;
}

/** The audit chain where the config puts it (SPEC §5): the JSONL file when `audit.file` is set, else the store. */
export function openAuditLog(options: OpenAuditLogOptions): AuditLog {
  const clock = options.clock === undefined ? {} : { clock: options.clock };
  if (options.file !== undefined) return new HashChainedAuditLog(new JsonlFileLog(options.file, clock), clock);
  if (options.store !== undefined) return new HashChainedAuditLog(options.store.log('audit'), clock);
  throw new AuditError('No audit log is configured: eipbot needs a store or audit.file.');
}
