import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { systemClock, type Clock } from '../clock.js';
import { AuditError } from './audit-error.js';

export interface FileLockOptions {
  clock?: Clock;
  /** How long to wait for another holder before giving up. */
  timeoutMs?: number;
  /** A lock older than this is stale whoever holds it: the critical section is one append and an fsync. */
  staleMs?: number;
}

interface Holder {
  pid: number;
  host: string;
  token: string;
  at: number;
}

/**
 * A cross-process lock on a file: `<path>.lock`, created with O_EXCL, holding who took
 * it. A lock is stale when its holder was a process on this host that no longer exists,
 * or when it is older than `staleMs`. A stale lock is broken by renaming it away and
 * checking that the renamed file is the stale one (not a fresh lock another process took
 * meanwhile, which is then put back with `link`, never overwriting). The remaining race
 * (a third process taking the lock in the instant a wrongly moved fresh lock is put
 * back) needs a crashed holder and three contenders within microseconds.
 */
export async function withFileLock<T>(path: string, run: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockPath = `${path}.lock`;
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const holder: Holder = { pid: process.pid, host: hostname(), token: randomUUID(), at: clock.now() };
  const started = clock.now();
  for (let attempt = 0; ; attempt += 1) {
    if (await tryCreate(lockPath, holder)) break;
    const current = await readHolder(lockPath);
    if (current === 'gone') continue;
    if (await isStale(lockPath, current, staleMs, clock)) {
      await breakStale(lockPath, current, holder.token);
      continue;
    }
    if (clock.now() - started > timeoutMs) {
      const who = current === 'unreadable' ? 'another process' : `process ${current.pid} on ${current.host}`;
      throw new AuditError(
        `The audit file ${path} has been locked by ${who} for more than ${timeoutMs < 1_000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1_000)} s`}. If no eipbot process is running, delete ${lockPath}.`,
      );
    }
    await clock.sleep(Math.min(20, 1 + attempt) + Math.round(Math.random() * 3));
  }
  try {
    return await run();
  } finally {
    await release(lockPath, holder.token);
  }
}

async function tryCreate(lockPath: string, holder: Holder): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(holder));
  } finally {
    await handle.close();
  }
  return true;
}

async function readHolder(lockPath: string): Promise<Holder | 'unreadable' | 'gone'> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (error) {
    if (code(error) === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Holder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string' && typeof parsed.at === 'number') {
      return parsed as Holder;
    }
  } catch {
    // Empty or cut short: the holder is between creating the file and writing it, or died there.
  }
  return 'unreadable';
}

async function isStale(lockPath: string, holder: Holder | 'unreadable', staleMs: number, clock: Clock): Promise<boolean> {
  if (holder !== 'unreadable' && holder.host === hostname() && !processExists(holder.pid)) return true;
  try {
    return clock.now() - (await stat(lockPath)).mtimeMs > staleMs;
  } catch (error) {
    if (code(error) === 'ENOENT') return false;
    throw error;
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return code(error) === 'EPERM';
  }
}

async function breakStale(lockPath: string, stale: Holder | 'unreadable', token: string): Promise<void> {
  const moved = `${lockPath}.${token}.stale`;
  try {
    await rename(lockPath, moved);
  } catch (error) {
    if (code(error) === 'ENOENT') return;
    throw error;
  }
  const taken = await readHolder(moved);
  const isTheStaleOne = stale === 'unreadable' ? taken === 'unreadable' : taken !== 'gone' && taken !== 'unreadable' && taken.token === stale.token;
  if (!isTheStaleOne) {
    try {
      await link(moved, lockPath);
    } catch (error) {
      if (code(error) !== 'EEXIST') throw error;
    }
  }
  await unlink(moved).catch((error: unknown) => {
    if (code(error) !== 'ENOENT') throw error;
  });
}

async function release(lockPath: string, token: string): Promise<void> {
  const current = await readHolder(lockPath);
  if (current !== 'gone' && current !== 'unreadable' && current.token === token) await unlink(lockPath);
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
