import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/audit-log.js';
import { createCliWorkspace, HUAWEI_ACCOUNT, type CliWorkspace } from '../audit/cli-workspace.js';
import { redisUnderOwnPrefix } from '../support/redis-prefix.js';

const AT = Date.UTC(2025, 0, 2, 3, 4, 5);
const EVENTS: AuditEvent[] = [
  { requestId: 'R-7K2F9Q', type: 'requested', actor: 'U0REQUESTER', at: AT, data: { action: 'unbind', eip: '1.2.3.4' } },
  { requestId: 'R-7K2F9Q', type: 'approved', actor: 'U0APPROVER1', at: AT + 1_000 },
  { requestId: 'R-7K2F9Q', type: 'executing', actor: 'eipbot', at: AT + 1_010 },
  { requestId: 'R-7K2F9Q', type: 'succeeded', actor: 'eipbot', at: AT + 3_000, data: { summary: 'Unbound 1.2.3.4.' } },
];

describe('eipbot audit verify', () => {
  let workspace: CliWorkspace;
  beforeEach(async () => {
    workspace = await createCliWorkspace();
  });
  afterEach(async () => {
    await workspace.dispose();
  });

  it('prints OK with the number of records of the chain in the configured SQLite store and exits 0', async () => {
    await workspace.writeConfig(`store: sqlite://./data/eipbot.sqlite\n${HUAWEI_ACCOUNT}`);
    await workspace.record(EVENTS, { store: 'sqlite://./data/eipbot.sqlite' });

    expect(await workspace.run('audit', 'verify')).toEqual({ code: 0, stdout: ['OK: 4 records'], stderr: [] });
  });

  it('checks the chain in the Redis store that EIPBOT_STORE names, like the bot would', async () => {
    const redis = redisUnderOwnPrefix('cli-test');
    await workspace.writeConfig(`store: sqlite://./data/never-used.sqlite\n${HUAWEI_ACCOUNT}`);
    workspace.env.EIPBOT_STORE = redis.url;
    try {
      await workspace.record(EVENTS, { store: redis.url });

      expect(await workspace.run('audit', 'verify')).toEqual({ code: 0, stdout: ['OK: 4 records'], stderr: [] });
    } finally {
      await redis.remove();
    }
  });

  it('names the first edited record of the JSONL audit file and exits 1', async () => {
    await workspace.writeConfig(`audit:\n  file: ./data/audit.jsonl\n${HUAWEI_ACCOUNT}`);
    await workspace.record(EVENTS, { file: 'data/audit.jsonl' });
    const file = join(workspace.dir, 'data', 'audit.jsonl');
    await writeFile(file, (await readFile(file, 'utf8')).replace('U0APPROVER1', 'U0REQUESTER'));

    expect(await workspace.run('audit', 'verify')).toEqual({
      code: 1,
      stdout: [
        'record 1 (R-7K2F9Q approved): hash does not match its content — edited?',
        `Records 0–0 of 4 in the JSONL file ${file} verify; from record 1 on the chain cannot be trusted.`,
      ],
      stderr: [],
    });
  });

  it('names a deleted record by the position of the gap and exits 1', async () => {
    await workspace.writeConfig(`audit:\n  file: ./data/audit.jsonl\n${HUAWEI_ACCOUNT}`);
    await workspace.record(EVENTS, { file: 'data/audit.jsonl' });
    const file = join(workspace.dir, 'data', 'audit.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.splice(2, 1);
    await writeFile(file, lines.join('\n'));

    const { code, stdout } = await workspace.run('audit', 'verify');

    expect(code).toBe(1);
    expect(stdout[0]).toBe(
      'record 2 (R-7K2F9Q succeeded): prevHash does not match the hash of the record before it — a record was deleted, reordered or inserted?',
    );
  });

  it('refuses arguments it does not take, shows the usage and exits 2', async () => {
    await workspace.writeConfig(`store: sqlite://./data/eipbot.sqlite\n${HUAWEI_ACCOUNT}`);

    expect(await workspace.run('audit', 'verify', '--all')).toEqual({
      code: 2,
      stdout: [],
      stderr: ['eipbot audit verify takes no arguments, but was given "--all".', 'usage: eipbot audit verify'],
    });
  });

  it('prints every config problem on its own line and exits 2', async () => {
    delete workspace.env.HW_SK;
    await workspace.writeConfig(`store: sqlite://./data/eipbot.sqlite\naudit:\n  chanel: C0AUDIT01\n${HUAWEI_ACCOUNT}`);

    const { code, stdout, stderr } = await workspace.run('audit', 'verify');

    expect(code).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr).toHaveLength(2);
    expect(stderr.some((line) => line.startsWith('audit') && line.includes('chanel'))).toBe(true);
    expect(stderr.some((line) => line.startsWith('accounts.hw-prod.auth.secretKey') && line.includes('HW_SK'))).toBe(true);
  });

  it('says which config file is missing and exits 2', async () => {
    const { code, stderr } = await workspace.run('audit', 'verify');

    expect(code).toBe(2);
    expect(stderr.join('\n')).toContain(join(workspace.dir, 'eipbot.yml'));
  });
});
