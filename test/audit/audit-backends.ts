import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonlFileLog } from '../../src/audit/jsonl-file-log.js';
import { openStore } from '../../src/store/open-store.js';
import type { AppendLog } from '../../src/store/store.js';
import { redisHarness, sqliteHarness, type StoreHarness } from '../support/store-harness.js';

/** How a test, or a child process it forks, reaches the same audit backend. */
export type AuditLocation = { kind: 'jsonl'; dir: string } | { kind: 'store'; url: string };

/** One real backend per test: a JSONL file or a SQLite file in a fresh temp dir, or Redis under a prefix unique to the test. */
export interface AuditHarness {
  readonly location: AuditLocation;
  /** The append-only log called `name` on this backend (a fresh, empty one per name). */
  log(name: string): Promise<AppendLog>;
  dispose(): Promise<void>;
}

export interface AuditBackend {
  name: 'jsonl' | 'sqlite' | 'redis';
  create(): Promise<AuditHarness>;
}

export const auditBackends: readonly AuditBackend[] = [
  {
    name: 'jsonl',
    async create() {
      const dir = await mkdtemp(join(tmpdir(), 'eipbot-audit-'));
      const location: AuditLocation = { kind: 'jsonl', dir };
      return { location, log: async (name) => openLocation(location, name).then(({ log }) => log), dispose: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  { name: 'sqlite', create: async () => auditOnStore(await sqliteHarness()) },
  { name: 'redis', create: async () => auditOnStore(await redisHarness()) },
];

/** Opens the log `name` at a location; `close` releases the store connection, if any. */
export async function openLocation(location: AuditLocation, name: string): Promise<{ log: AppendLog; close(): Promise<void> }> {
  if (location.kind === 'jsonl') return { log: new JsonlFileLog(join(location.dir, `${name}.jsonl`)), close: async () => undefined };
  const store = await openStore(location.url);
  return { log: store.log(name), close: () => store.close() };
}

function auditOnStore(store: StoreHarness): AuditHarness {
  return {
    location: { kind: 'store', url: store.url },
    log: async (name) => (await store.open()).log(name),
    dispose: () => store.dispose(),
  };
}
