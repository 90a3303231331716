import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@keyv/redis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { freePort } from '../support/free-port.js';
import { keptLogs } from '../support/kept-logs.js';
import { redisUnderOwnPrefix, TEST_REDIS_ADDRESS } from '../support/redis-prefix.js';
import { storeBackends, type StoreHarness } from '../support/store-harness.js';
import { TcpProxy } from './tcp-proxy.js';

const REDIS_PORT = 6379;

describe('openStore with SQLite', () => {
  let dir: string;
  const opened: Store[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eipbot-open-'));
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await rm(dir, { recursive: true, force: true });
  });

  async function open(url: string, cwd?: string): Promise<Store> {
    const store = await openStore(url, cwd === undefined ? {} : { cwd });
    opened.push(store);
    return store;
  }

  it('resolves sqlite://./relative paths from the working directory and creates missing directories', async () => {
    const store = await open('sqlite://./data/nested/eipbot.sqlite', dir);
    await store.namespace('requests').set('R-7K2F9Q', 'pending');

    expect(store.kind).toBe('sqlite');
    expect(existsSync(join(dir, 'data', 'nested', 'eipbot.sqlite'))).toBe(true);
  });

  it('opens sqlite:///absolute paths whatever the working directory', async () => {
    const path = join(dir, 'abs', 'eipbot.sqlite');
    const store = await open(`sqlite://${path}`, '/nonexistent-cwd');
    await store.namespace('requests').set('R-7K2F9Q', 'pending');

    expect(existsSync(path)).toBe(true);
  });

  it('fails with a StoreError naming the file when it is not a SQLite database', async () => {
    const path = join(dir, 'not-a-database.sqlite');
    await writeFile(path, 'this is not sqlite, just text that is long enough '.repeat(20));

    const opening = openStore(`sqlite://${path}`);

    await expect(opening).rejects.toThrow(StoreError);
    await expect(opening).rejects.toThrow(path);
  });

  it('opens a brand-new file from several connections at the same moment (a bot and an operator CLI starting together)', async () => {
    for (let trial = 0; trial < 10; trial += 1) {
      const path = join(dir, `fresh-${trial}.sqlite`);
      const stores = await Promise.all([0, 1, 2, 3].map(() => open(`sqlite://${path}`)));
      await Promise.all(stores.map((store, index) => store.namespace('replicas').set(`r${index}`, trial)));

      expect(await stores[0]!.namespace('replicas').get('r3')).toBe(trial);
    }
  });

  it('fails with a StoreError when the directory cannot be created', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, '');

    await expect(openStore(`sqlite://${join(blocker, 'sub', 'eipbot.sqlite')}`)).rejects.toThrow(/Cannot create the directory/);
  });
});

describe.each(storeBackends)('the $name store across a restart', (backend) => {
  let harness: StoreHarness;

  beforeEach(async () => {
    harness = await backend.create();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('keeps values, their versions and log entries after being closed and opened again', async () => {
    const before = await harness.open();
    await before.namespace('requests').set('R-7K2F9Q', { status: 'pending' });
    await before.namespace('requests').update('R-7K2F9Q', () => ({ status: 'approved' }));
    await before.log('audit').appendAt(0, 'requested');
    await before.log('audit').appendAt(1, 'approved');
    await before.close();

    const after = await harness.open();

    expect(await after.namespace('requests').getVersioned('R-7K2F9Q')).toEqual({ value: { status: 'approved' }, version: 2 });
    expect(await after.log('audit').read(0)).toEqual(['requested', 'approved']);
    expect(await after.log('audit').appendAt(1, 'forked')).toBe(false);
  });
});

describe('openStore with Redis', () => {
  const testKeys = redisUnderOwnPrefix('test');
  const { prefix } = testKeys;
  const opened: Store[] = [];
  const proxies: TcpProxy[] = [];

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
    await testKeys.remove();
  });

  async function open(url: string, options: Parameters<typeof openStore>[1] = {}): Promise<Store> {
    const store = await openStore(url, options);
    opened.push(store);
    return store;
  }

  async function proxy(): Promise<TcpProxy> {
    const started = await TcpProxy.start(REDIS_PORT);
    proxies.push(started);
    return started;
  }

  it('prefixes every key with eipbot: unless ?prefix= names another', async () => {
    const namespace = `ns${randomUUID().replaceAll('-', '')}`;
    const byDefault = await open(`redis://${TEST_REDIS_ADDRESS}/0`);
    const prefixed = await open(`redis://${TEST_REDIS_ADDRESS}/0?prefix=${prefix}`);
    await byDefault.namespace(namespace).set('R-7K2F9Q', 'default');
    await prefixed.namespace(namespace).set('R-7K2F9Q', 'custom');
    await prefixed.log(namespace).appendAt(0, 'entry');

    const raw = createClient({ url: `redis://${TEST_REDIS_ADDRESS}/0` });
    await raw.connect();
    try {
      expect(await raw.exists(`eipbot:${namespace}:R-7K2F9Q`)).toBe(1);
      expect(await raw.exists(`${prefix}${namespace}:R-7K2F9Q`)).toBe(1);
      expect(await raw.lRange(`${prefix}log/${namespace}`, 0, -1)).toEqual(['entry']);
      expect(await byDefault.namespace(namespace).get('R-7K2F9Q')).toBe('default');
    } finally {
      await raw.del(`eipbot:${namespace}:R-7K2F9Q`);
      raw.destroy();
    }
  });

  it('keeps two databases of one server apart', async () => {
    const zero = await open(`redis://${TEST_REDIS_ADDRESS}/0?prefix=${prefix}`);
    const one = await open(`redis://${TEST_REDIS_ADDRESS}/1?prefix=${prefix}`);
    await zero.namespace('requests').set('R-7K2F9Q', 'in db 0');

    expect(await one.namespace('requests').get('R-7K2F9Q')).toBeUndefined();
    expect(one.kind).toBe('redis');
  });

  it('fails at once with a StoreError naming host:port, not the password, when nothing listens there', async () => {
    const port = await freePort();

    const opening = openStore(`redis://:hunter2-secret@127.0.0.1:${port}/0`);

    await expect(opening).rejects.toThrow(StoreError);
    await expect(opening).rejects.toThrow(`127.0.0.1:${port}`);
    await expect(opening).rejects.not.toThrow(/hunter2/);
  });

  it('gives up on a server that accepts but never answers, instead of hanging', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const opening = openStore(`redis://:hunter2-secret@127.0.0.1:${port}/0`, { responseTimeoutMs: 200 });

      await expect(opening).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${port}: no answer within 200 ms`));
      await expect(opening).rejects.not.toThrow(/hunter2/);
    } finally {
      silent.close();
    }
  });

  it('reports a password the server refuses without repeating it', async () => {
    const opening = openStore(`redis://:hunter2-secret@${TEST_REDIS_ADDRESS}/0`);

    await expect(opening).rejects.toThrow(/Cannot connect to the Redis store at 127\.0\.0\.1:6379/);
    await expect(opening).rejects.not.toThrow(/hunter2/);
  });

  it('fails requests at once while Redis is gone, naming host:port, and serves them again when it is back', async () => {
    const redis = await proxy();
    const store = await open(`redis://127.0.0.1:${redis.port}/0?prefix=${prefix}`);
    await store.namespace('requests').set('R-7K2F9Q', 'pending');

    await redis.cut();
    await expect(store.ping()).rejects.toThrow(`Redis store at 127.0.0.1:${redis.port}`);
    await expect(store.namespace('requests').update('R-7K2F9Q', () => 'approved')).rejects.toThrow(StoreError);

    await redis.restore();
    await eventually(() => store.ping());
    expect(await store.namespace('requests').get('R-7K2F9Q')).toBe('pending');
  });

  it('fails a request to a Redis that stops answering once the response timeout passes', async () => {
    const redis = await proxy();
    const store = await open(`redis://127.0.0.1:${redis.port}/0?prefix=${prefix}`, { responseTimeoutMs: 200 });
    await store.ping();

    redis.freeze();

    await expect(store.ping()).rejects.toThrow(StoreError);
    await expect(store.namespace('requests').get('R-7K2F9Q')).rejects.toThrow(`127.0.0.1:${redis.port}`);
  });

  it('logs a lost connection and its recovery, naming host:port', async () => {
    const logs = keptLogs('info');
    const redis = await proxy();
    const store = await open(`redis://127.0.0.1:${redis.port}/0?prefix=${prefix}`, { logger: logs.logger });

    await redis.cut();
    await expect(store.ping()).rejects.toThrow(StoreError);
    await redis.restore();
    await eventually(() => store.ping());

    const messages = logs.lines();
    expect(messages.map((message) => message.msg)).toEqual([
      'lost the connection to the Redis store; reconnecting',
      'reconnected to the Redis store',
    ]);
    expect(messages.every((message) => message.store === `127.0.0.1:${redis.port}`)).toBe(true);
  });
});

describe('openStore with a URL it cannot use', () => {
  it.each([
    ['postgres://db/eipbot', /names no known backend/],
    ['sqlite://', /names no SQLite file/],
    ['redis://127.0.0.1:6379/zero', /database "zero" must be a number/],
    ['redis://127.0.0.1:6379/0?prefx=eipbot:', /unknown option "prefx"/],
  ])('refuses %s and shows the accepted forms', async (url, why) => {
    const opening = openStore(url);

    await expect(opening).rejects.toThrow(StoreError);
    await expect(opening).rejects.toThrow(why);
    await expect(opening).rejects.toThrow(/Use sqlite:\/\/\.\/relative\/path\.sqlite, sqlite:\/\/\/absolute\/path\.sqlite, redis:\/\/\[:password@\]host:port\[\/db\]/);
  });
});

/** Retries `check` until it passes: reconnecting takes a few backoff rounds. */
async function eventually(check: () => Promise<unknown>, attempts = 100): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await check();
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(50);
    }
  }
}
