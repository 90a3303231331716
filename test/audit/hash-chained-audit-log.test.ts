import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent, AuditRecord } from '../../src/audit/audit-log.js';
import { HashChainedAuditLog } from '../../src/audit/hash-chained-audit-log.js';
import { GENESIS_HASH } from '../../src/audit/record-hash.js';
import { Secret } from '../../src/config/secret.js';
import type { AppendLog } from '../../src/store/store.js';
import { forkWorkers } from '../support/fork-workers.js';
import { auditBackends, type AuditHarness } from './audit-backends.js';

const AT = Date.UTC(2025, 0, 2, 3, 4, 5);

/** A request's life as the engine records it, with another request's records interleaved. */
const FLOW: AuditEvent[] = [
  { requestId: 'R-7K2F9Q', type: 'requested', actor: 'U0REQUESTER', at: AT, data: { action: 'unbind', eip: '1.2.3.4' } },
  { requestId: 'R-3M4N5P', type: 'requested', actor: 'U0OTHER', at: AT + 1, data: { action: 'isolate', serverId: 'ins-9z8y7x6w' } },
  { requestId: 'R-7K2F9Q', type: 'approved', actor: 'U0APPROVER1', at: AT + 2_000 },
  { requestId: 'R-7K2F9Q', type: 'executing', actor: 'eipbot', at: AT + 2_010 },
  {
    requestId: 'R-7K2F9Q',
    type: 'provider-call',
    actor: 'eipbot',
    at: AT + 2_200,
    data: { operation: 'PUT publicip', outcome: 'ok', durationMs: 180, requestId: 'req-8f2a' },
  },
  { requestId: 'R-7K2F9Q', type: 'step', actor: 'eipbot', at: AT + 4_000, data: { label: 'unbind 1.2.3.4', ok: true, durationMs: 1_990 } },
  { requestId: 'R-3M4N5P', type: 'expired', actor: 'eipbot', at: AT + 900_001 },
  { requestId: 'R-7K2F9Q', type: 'succeeded', actor: 'eipbot', at: AT + 4_001, data: { summary: 'Unbound 1.2.3.4.' } },
];

async function recordFlow(log: AppendLog): Promise<{ audit: HashChainedAuditLog; records: AuditRecord[]; entries: string[] }> {
  const audit = new HashChainedAuditLog(log);
  const records: AuditRecord[] = [];
  for (const event of FLOW) records.push(await audit.append(event));
  return { audit, records, entries: await log.read(0) };
}

/** Writes `entries` as they are into a fresh log, the way someone with access to the backend could rewrite it. */
async function rewritten(harness: AuditHarness, name: string, entries: string[]): Promise<HashChainedAuditLog> {
  const log = await harness.log(name);
  for (const [position, entry] of entries.entries()) expect(await log.appendAt(position, entry)).toBe(true);
  return new HashChainedAuditLog(log);
}

function edit(entry: string, change: (record: Record<string, unknown>) => void): string {
  const record = JSON.parse(entry) as Record<string, unknown>;
  change(record);
  return JSON.stringify(record);
}

describe.each(auditBackends)('the audit chain on $name', (backend) => {
  let harness: AuditHarness;
  beforeEach(async () => {
    harness = await backend.create();
  });
  afterEach(async () => {
    await harness.dispose();
  });

  it("keeps a request's records in a chain that verifies, and shows one request's trail in order", async () => {
    const { audit, records } = await recordFlow(await harness.log('audit'));

    expect(await audit.verify()).toEqual({ ok: true, records: FLOW.length });
    expect(records.map((record) => record.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(records[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < records.length; i += 1) expect(records[i]?.prevHash).toBe(records[i - 1]?.hash);
    const trail = await audit.trail('R-7K2F9Q');
    expect(trail.map((record) => record.type)).toEqual(['requested', 'approved', 'executing', 'provider-call', 'step', 'succeeded']);
    expect(trail[3]?.data).toEqual({ operation: 'PUT publicip', outcome: 'ok', durationMs: 180, requestId: 'req-8f2a' });
  });

  it('goes on with the chain another process left, reading its tail from the backend', async () => {
    const first = await recordFlow(await harness.log('audit'));
    const later = new HashChainedAuditLog(await harness.log('audit'));

    const next = await later.append({ requestId: 'R-7K2F9Q', type: 'reconciled', actor: 'eipbot', at: AT + 10_000 });

    expect(next.seq).toBe(FLOW.length);
    expect(next.prevHash).toBe(first.records.at(-1)?.hash);
    expect(await first.audit.verify()).toEqual({ ok: true, records: FLOW.length + 1 });
  });

  it('detects an edited record and names it', async () => {
    const { entries } = await recordFlow(await harness.log('audit'));
    entries[4] = edit(entries[4] as string, (record) => {
      (record.data as Record<string, unknown>).outcome = 'error';
    });

    expect(await (await rewritten(harness, 'edited', entries)).verify()).toEqual({
      ok: false,
      records: FLOW.length,
      position: 4,
      reason: 'hash does not match its content — edited?',
      record: { requestId: 'R-7K2F9Q', type: 'provider-call' },
    });
  });

  it('detects a deleted record at the position where the gap is', async () => {
    const { entries } = await recordFlow(await harness.log('audit'));
    entries.splice(2, 1);

    const result = await (await rewritten(harness, 'deleted', entries)).verify();

    expect(result).toMatchObject({ ok: false, records: FLOW.length - 1, position: 2, record: { requestId: 'R-7K2F9Q', type: 'executing' } });
    expect(result.ok ? '' : result.reason).toMatch(/deleted, reordered or inserted/);
  });

  it('detects two records swapped', async () => {
    const { entries } = await recordFlow(await harness.log('audit'));
    [entries[5], entries[6]] = [entries[6] as string, entries[5] as string];

    const result = await (await rewritten(harness, 'reordered', entries)).verify();

    expect(result).toMatchObject({ ok: false, position: 5, record: { requestId: 'R-3M4N5P', type: 'expired' } });
    expect(result.ok ? '' : result.reason).toMatch(/deleted, reordered or inserted/);
  });

  it('detects an inserted record, even one forged with a correct hash, by the record that follows it', async () => {
    const { entries, records } = await recordFlow(await harness.log('audit'));
    const unsigned = { requestId: 'R-7K2F9Q', type: 'approved', actor: 'U0MALLORY', at: AT + 1_500, seq: 2, prevHash: records[1]?.hash as string };
    const canonical = `{"actor":"U0MALLORY","at":${AT + 1_500},"prevHash":"${unsigned.prevHash}","requestId":"R-7K2F9Q","seq":2,"type":"approved"}`;
    const hash = createHash('sha256').update(unsigned.prevHash).update(canonical).digest('hex');
    entries.splice(2, 0, JSON.stringify({ ...unsigned, hash }));

    const result = await (await rewritten(harness, 'inserted', entries)).verify();

    expect(result).toMatchObject({ ok: false, records: FLOW.length + 1, position: 3, record: { requestId: 'R-7K2F9Q', type: 'approved' } });
    expect(result.ok ? '' : result.reason).toMatch(/deleted, reordered or inserted/);
  });

  it('detects a copied record inserted where it does not belong', async () => {
    const { entries } = await recordFlow(await harness.log('audit'));
    entries.splice(6, 0, entries[2] as string);

    const result = await (await rewritten(harness, 'duplicated', entries)).verify();

    expect(result).toMatchObject({ ok: false, position: 6, record: { requestId: 'R-7K2F9Q', type: 'approved' } });
  });

  it('reports a line that is not a record, with its position', async () => {
    const { entries } = await recordFlow(await harness.log('audit'));
    entries[3] = '{"requestId":"R-7K2F9Q","type":"execu';

    expect(await (await rewritten(harness, 'garbled', entries)).verify()).toEqual({
      ok: false,
      records: FLOW.length,
      position: 3,
      reason: 'the line is not valid JSON — corrupted or cut short?',
    });
  });

  it('refuses a record with a field that is not part of the format', async () => {
    const { entries } = await recordFlow(await harness.log('audit'));
    entries[1] = edit(entries[1] as string, (record) => {
      record.note = 'added later';
    });

    const result = await (await rewritten(harness, 'extended', entries)).verify();

    expect(result).toMatchObject({ ok: false, position: 1 });
    expect(result.ok ? '' : result.reason).toMatch(/not an audit record .*note/);
  });

  it('never stores a credential, even when one is handed to it', async () => {
    const log = await harness.log('audit');
    const audit = new HashChainedAuditLog(log);

    await audit.append({
      requestId: 'R-7K2F9Q',
      type: 'provider-call',
      actor: 'eipbot',
      at: AT,
      data: { operation: 'POST auth/tokens', password: 'hunter2-secret', nested: { secretKey: 'sk-very-secret' }, credential: Secret.of('s3cr3t-value'), accessKey: 'HPUAEXAMPLEKEY' },
    });

    const [stored] = await log.read(0);
    expect(stored).not.toMatch(/hunter2-secret|sk-very-secret|s3cr3t-value|EXAMPLEKEY/);
    expect(JSON.parse(stored as string).data).toEqual({
      operation: 'POST auth/tokens',
      password: '[redacted]',
      nested: { secretKey: '[redacted]' },
      credential: '[redacted]',
      accessKey: 'HPUA…',
    });
    expect(await audit.verify()).toEqual({ ok: true, records: 1 });
  });

  it('keeps one chain when two writers append at the same time', async () => {
    const one = new HashChainedAuditLog(await harness.log('audit'));
    const two = new HashChainedAuditLog(await harness.log('audit'));

    const appended = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 === 0 ? one : two).append({ requestId: 'R-7K2F9Q', type: 'provider-call', actor: 'eipbot', at: AT + i, data: { i } }),
      ),
    );

    expect(new Set(appended.map((record) => record.seq)).size).toBe(60);
    expect(await one.verify()).toEqual({ ok: true, records: 60 });
    const data = (await two.trail('R-7K2F9Q')).map((record) => (record.data as { i: number }).i);
    expect(data.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('keeps one chain when two processes append at the same time', async () => {
    const script = fileURLToPath(new URL('./fixtures/append-audit-records.ts', import.meta.url));
    const perProcess = 40;
    const appended = await forkWorkers(
      script,
      ['first', 'second'].map((writer) => [JSON.stringify(harness.location), 'audit', writer, String(perProcess)]),
    );

    expect(appended).toEqual([perProcess, perProcess]);

    const audit = new HashChainedAuditLog(await harness.log('audit'));
    expect(await audit.verify()).toEqual({ ok: true, records: 2 * perProcess });
    const byWriter = new Map<string, number[]>();
    for (const record of await audit.trail('R-7K2F9Q')) {
      const { writer, i } = record.data as { writer: string; i: number };
      byWriter.set(writer, [...(byWriter.get(writer) ?? []), i]);
    }
    const expected = Array.from({ length: perProcess }, (_, i) => i);
    expect(byWriter.get('first')).toEqual(expected);
    expect(byWriter.get('second')).toEqual(expected);
  });
});
