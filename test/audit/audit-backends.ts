import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import { JsonlFileLog } from '../../src/audit/jsonl-file-log.js';
import { openStore } from '../../src/store/open-store.js';
import type { AppendLog, Store } from '../../src/store/store.js';

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

const REDIS = '127.0.0.1:6379';

export const auditBackends: readonly AuditBackend[] = [
  {
    name: 'jsonl',
    async create() {
      const dir = await mkdtemp(join(tmpdir(), 'eipbot-audit-'));
      const location: AuditLocation = { kind: 'jsonl', dir };
      return { location, log: async (name) => openLocation(location, name).then(({ log }) => log), dispose: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'sqlite',
    async create() {
      const dir = await mkdtemp(join(tmpdir(), 'eipbot-audit-'));
      return storeHarness(`sqlite://${join(dir, 'eipbot.sqlite')}`, () => rm(dir, { recursive: true, force: true }));
    },
  },
  {
    name: 'redis',
    async create() {
      const prefix = `eipbot-audit-test:${randomUUID()}:`;
      return storeHarness(`redis://${REDIS}/0?prefix=${prefix}`, () => deleteRedisKeys(prefix));
    },
  },
];

/** Opens the log `name` at a location; `close` releases the store connection, if any. */
export async function openLocation(location: AuditLocation, name: string): Promise<{ log: AppendLog; close(): Promise<void> }> {
  if (location.kind === 'jsonl') return { log: new JsonlFileLog(join(location.dir, `${name}.jsonl`)), close: async () => undefined };
  const store = await openStore(location.url);
  return { log: store.log(name), close: () => store.close() };
}

function storeHarness(url: string, removeData: () => Promise<void>): AuditHarness {
  const opened: Store[] = [];
  return {
    location: { kind: 'store', url },
    async log(name) {
      const store = await openStore(url);
      opened.push(store);
      return store.log(name);
    },
    async dispose() {
      await Promise.all(opened.map((store) => store.close()));
      await removeData();
    },
  };
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const client = createClient({ url: `redis://${REDIS}/0` });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.unlink(keys);
    }
  } finally {
    client.destroy();
  }
}
