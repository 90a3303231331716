import { mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, engineConfig, eventually, SEED, startTestSimulator } from '../support/requests-engine.js';
import { keptLogs } from '../support/kept-logs.js';
import { sqliteHarness } from '../support/store-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('audit records when the audit log fails', () => {
  it('holds a request back until its record is appended, retrying and logging loudly, and loses nothing', async () => {
    const sim = await startTestSimulator();
    cleanups.push(() => sim.close());
    const harness = await sqliteHarness();
    cleanups.push(() => harness.dispose());
    const dir = await mkdtemp(join(tmpdir(), 'eipbot-audit-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const auditFile = join(dir, 'audit.jsonl');
    // A directory where the audit file should be: every append fails (EISDIR) until it is removed.
    await mkdir(auditFile);
    const { logger, lines } = keptLogs();
    const engine = createEngine({ store: await harness.open(), config: engineConfig(sim.url), logger, auditFile });
    cleanups.push(() => engine.service.stop());

    let returned = false;
    const requesting = engine.service
      .request({ args: { action: 'unbind', ref: { kind: 'eip', eip: SEED.boundEip.address } }, reason: 'INC-42', requester: 'U0REQUESTER', channel: { id: 'C0OPS' } })
      .finally(() => (returned = true));
    const failures = () => lines().filter((line) => line.level === 'error' && String(line.msg).startsWith('AUDIT APPEND FAILED'));
    await eventually(async () => (failures().length >= 2 ? true : undefined));
    expect(returned).toBe(false);
    expect(engine.notifier.changes).toEqual([]);

    await rmdir(auditFile);
    const request = await requesting;
    expect(failures()[0]).toMatchObject({ requestId: request.id, type: 'requested' });
    expect((await engine.audit.trail(request.id)).map((record) => record.type)).toEqual(['requested']);
    expect(await engine.audit.verify()).toEqual({ ok: true, records: 1 });
    await engine.service.settled();
    expect(engine.notifier.changes.map((change) => change.what)).toEqual(['requested']);
  });
});
