import { spawnSync } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditError } from '../../src/audit/audit-error.js';
import { HashChainedAuditLog } from '../../src/audit/hash-chained-audit-log.js';
import { JsonlFileLog } from '../../src/audit/jsonl-file-log.js';
import { openAuditLog } from '../../src/audit/open-audit-log.js';
import type { AppendLog } from '../../src/store/store.js';

const AT = Date.UTC(2025, 0, 2, 3, 4, 5);

describe('the JSONL audit file', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eipbot-jsonl-'));
    path = join(dir, 'data', 'audit.jsonl');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function appendThree(audit: HashChainedAuditLog): Promise<void> {
    await audit.append({ requestId: 'R-7K2F9Q', type: 'requested', actor: 'U0REQUESTER', at: AT });
    await audit.append({ requestId: 'R-7K2F9Q', type: 'approved', actor: 'U0APPROVER1', at: AT + 1 });
    await audit.append({ requestId: 'R-7K2F9Q', type: 'executing', actor: 'eipbot', at: AT + 2 });
  }

  it('is one JSON record per line, in a directory created on demand', async () => {
    await appendThree(new HashChainedAuditLog(new JsonlFileLog(path)));

    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines.slice(0, 3).map((line) => JSON.parse(line).type)).toEqual(['requested', 'approved', 'executing']);
  });

  it('finds a record edited in place with a text editor', async () => {
    const audit = new HashChainedAuditLog(new JsonlFileLog(path));
    await appendThree(audit);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"actor":"U0APPROVER1"', '"actor":"U0MALLORY01"'));

    expect(await new HashChainedAuditLog(new JsonlFileLog(path)).verify()).toEqual({
      ok: false,
      records: 3,
      position: 1,
      reason: 'hash does not match its content — edited?',
      record: { requestId: 'R-7K2F9Q', type: 'approved' },
    });
  });

  it('drops a record cut short by a crash mid-write at the next append, keeping the chain whole', async () => {
    const audit = new HashChainedAuditLog(new JsonlFileLog(path));
    await appendThree(audit);
    await appendFile(path, '{"requestId":"R-7K2F9Q","type":"provider-ca');

    const reader = new JsonlFileLog(path);
    expect(await reader.length()).toBe(3);
    const next = await new HashChainedAuditLog(new JsonlFileLog(path)).append({ requestId: 'R-7K2F9Q', type: 'failed', actor: 'eipbot', at: AT + 9 });

    expect(next.seq).toBe(3);
    expect(await new HashChainedAuditLog(new JsonlFileLog(path)).verify()).toEqual({ ok: true, records: 4 });
    expect(await readFile(path, 'utf8')).not.toContain('provider-ca');
  });

  it('starts a new chain in a new file when the operator rotates the audit file away, even one another process filled meanwhile', async () => {
    const audit = new HashChainedAuditLog(new JsonlFileLog(path));
    await appendThree(audit);
    await rename(path, `${path}.1`);
    const other = new HashChainedAuditLog(new JsonlFileLog(path));
    for (const at of [AT + 10, AT + 11]) {
      await other.append({ requestId: 'R-3M4N5P', type: 'step', actor: 'eipbot', at, data: { summary: 'x'.repeat(500) } });
    }

    const next = await audit.append({ requestId: 'R-7K2F9Q', type: 'succeeded', actor: 'eipbot', at: AT + 3 });

    expect(next.seq).toBe(2);
    expect(await audit.verify()).toEqual({ ok: true, records: 3 });
    expect(await new HashChainedAuditLog(new JsonlFileLog(`${path}.1`)).verify()).toEqual({ ok: true, records: 3 });
  });

  it('keeps recording after a corrupted last line, and verify names that line', async () => {
    const audit = new HashChainedAuditLog(new JsonlFileLog(path));
    await appendThree(audit);
    await appendFile(path, 'garbage written by hand\n');

    const next = await new HashChainedAuditLog(new JsonlFileLog(path)).append({ requestId: 'R-7K2F9Q', type: 'failed', actor: 'eipbot', at: AT + 9 });

    expect(next.seq).toBe(4);
    expect(await audit.verify()).toEqual({ ok: false, records: 5, position: 3, reason: 'the line is not valid JSON — corrupted or cut short?' });
  });

  it('takes over the lock of a process that died while holding it', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    await appendThree(new HashChainedAuditLog(new JsonlFileLog(path)));
    await writeFile(`${path}.lock`, JSON.stringify({ pid: dead, host: hostname(), token: 'crashed', at: AT }));

    const record = await new HashChainedAuditLog(new JsonlFileLog(path, { timeoutMs: 2_000 })).append({
      requestId: 'R-7K2F9Q',
      type: 'reconciled',
      actor: 'eipbot',
      at: AT + 5,
    });

    expect(record.seq).toBe(3);
    await expect(readFile(`${path}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('waits for a live holder, then gives up with a message that says which lock to check', async () => {
    await appendThree(new HashChainedAuditLog(new JsonlFileLog(path)));
    await writeFile(`${path}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), token: 'someone-else', at: AT }));
    const log: AppendLog = new JsonlFileLog(path, { timeoutMs: 50 });

    const attempt = new HashChainedAuditLog(log).append({ requestId: 'R-7K2F9Q', type: 'failed', actor: 'eipbot', at: AT });

    await expect(attempt).rejects.toBeInstanceOf(AuditError);
    await expect(attempt).rejects.toMatchObject({
      userMessage: `The audit file ${path} has been locked by process ${process.pid} on ${hostname()} for more than 50 ms. If no eipbot process is running, delete ${path}.lock.`,
    });
    expect(await log.length()).toBe(3);
  });

  it('is where the audit goes when audit.file is set, and the store is not touched', async () => {
    const neverUsed = {
      log(): AppendLog {
        throw new Error('the store must not be used when audit.file is set');
      },
    };
    const audit = openAuditLog({ store: neverUsed, file: path });

    await appendThree(audit as HashChainedAuditLog);

    expect(await new JsonlFileLog(path).length()).toBe(3);
    expect(await audit.verify()).toEqual({ ok: true, records: 3 });
  });
});
