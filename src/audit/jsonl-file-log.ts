import { mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AppendLog } from '../store/store.js';
import { withFileLock, type FileLockOptions } from './file-lock.js';

/**
 * An `AppendLog` in a JSONL file (`audit.file`): one entry per line. Appends hold a
 * cross-process lock (several bot processes and the CLI may share the file), check the
 * line count, write the line with O_APPEND and fsync before returning, so an append
 * that returned survives a crash. Only newline-terminated lines are entries: readers
 * never mistake a line being written for a record, and a tail cut short by a crash
 * mid-write (an append that never returned) is truncated by the next appender.
 */
export class JsonlFileLog implements AppendLog {
  readonly #path: string;
  readonly #lock: FileLockOptions;
  /** Byte offset of each complete line counted so far, and the offset just after the last: reads and appends rescan only what is new. */
  #starts: number[] = [];
  #end = 0;
  /** The file those offsets are about: a file rotated away and replaced is counted afresh. */
  #inode: number | undefined;

  constructor(path: string, lock: FileLockOptions = {}) {
    this.#path = path;
    this.#lock = lock;
  }

  async length(): Promise<number> {
    await this.#scan();
    return this.#starts.length;
  }

  async appendAt(position: number, entry: string): Promise<boolean> {
    if (entry.includes('\n') || entry.includes('\r')) throw new TypeError('a JSONL entry must be a single line');
    await mkdir(dirname(this.#path), { recursive: true });
    return withFileLock(
      this.#path,
      async () => {
        const created = !(await exists(this.#path));
        const handle = await open(this.#path, 'a+');
        try {
          await this.#scan();
          if ((await handle.stat()).size > this.#end) await handle.truncate(this.#end);
          if (this.#starts.length !== position) return false;
          await handle.write(`${entry}\n`);
          await handle.sync();
          this.#starts.push(this.#end);
          this.#end += Buffer.byteLength(entry) + 1;
        } finally {
          await handle.close();
        }
        if (created) await syncDirectory(dirname(this.#path));
        return true;
      },
      this.#lock,
    );
  }

  async read(from: number, to?: number): Promise<string[]> {
    await this.#scan();
    const count = this.#starts.length;
    const first = Math.min(Math.max(0, from), count);
    const last = Math.min(Math.max(first, to ?? count), count);
    if (first === last) return [];
    const begin = this.#starts[first] as number;
    const finish = last === count ? this.#end : (this.#starts[last] as number);
    const handle = await open(this.#path, 'r');
    try {
      const bytes = Buffer.alloc(finish - begin);
      await handle.read(bytes, 0, bytes.length, begin);
      const lines = bytes.toString('utf8').split('\n');
      lines.pop();
      return lines;
    } finally {
      await handle.close();
    }
  }

  /** Counts the complete lines added since the last scan; a file that shrank or was replaced is counted again. */
  async #scan(): Promise<void> {
    let size = 0;
    let inode: number | undefined;
    try {
      ({ size, ino: inode } = await stat(this.#path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (size < this.#end || inode !== this.#inode) {
      this.#starts = [];
      this.#end = 0;
      this.#inode = inode;
    }
    if (size === this.#end) return;
    const handle = await open(this.#path, 'r');
    try {
      const chunk = Buffer.alloc(size - this.#end);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, this.#end);
      let lineStart = 0;
      for (let i = 0; i < bytesRead; i += 1) {
        if (chunk[i] !== 0x0a) continue;
        this.#starts.push(this.#end + lineStart);
        lineStart = i + 1;
      }
      this.#end += lineStart;
    } finally {
      await handle.close();
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** A new file is durable only once its directory entry is: fsync the directory too. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
