import { loadConfig } from '../config/load-config.js';
import { openStore } from '../store/open-store.js';
import type { AuditLog } from './audit-log.js';
import { openAuditLog } from './open-audit-log.js';

export interface ConfiguredAuditLog {
  audit: AuditLog;
  /** `the JSONL file /srv/eipbot/audit.jsonl` or `the store redis://…`, for messages. */
  where: string;
  close(): Promise<void>;
}

/**
 * The audit chain the bot writes, found the way the bot finds it (SPEC §5: same config
 * and environment): `audit.file` when set, otherwise the store's backend. The store is
 * opened only when the chain lives there. Throws `ConfigError` for config problems.
 */
export async function openConfiguredAuditLog(source: { env: NodeJS.ProcessEnv; cwd: string }): Promise<ConfiguredAuditLog> {
  const config = loadConfig({ env: source.env, cwd: source.cwd });
  if (config.audit.file !== undefined) {
    return { audit: openAuditLog({ file: config.audit.file }), where: `the JSONL file ${config.audit.file}`, close: async () => undefined };
  }
  const store = await openStore(config.store, { cwd: source.cwd });
  return { audit: openAuditLog({ store }), where: `the ${store.kind} store`, close: () => store.close() };
}
