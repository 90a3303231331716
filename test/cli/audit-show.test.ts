import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/audit-log.js';
import { createCliWorkspace, HUAWEI_ACCOUNT, type CliWorkspace } from '../audit/cli-workspace.js';

const AT = Date.UTC(2025, 0, 2, 3, 4, 5);
const STORE = 'sqlite://./data/eipbot.sqlite';
const EVENTS: AuditEvent[] = [
  { requestId: 'R-7K2F9Q', type: 'requested', actor: 'U0REQUESTER', at: AT, data: { action: 'unbind', eip: '1.2.3.4', reason: 'INC-42 compromised host' } },
  { requestId: 'R-3M4N5P', type: 'requested', actor: 'U0OTHER', at: AT + 500, data: { action: 'isolate' } },
  { requestId: 'R-7K2F9Q', type: 'approved', actor: 'U0APPROVER1', at: AT + 1_000 },
  {
    requestId: 'R-7K2F9Q',
    type: 'provider-call',
    actor: 'eipbot',
    at: AT + 1_200,
    data: { step: 'unbind 1.2.3.4', call: { operation: 'PUT publicip', outcome: 'ok', durationMs: 180, requestId: 'req-8f2a' } },
  },
  { requestId: 'R-7K2F9Q', type: 'succeeded', actor: 'eipbot', at: AT + 3_000, data: { summary: 'Unbound 1.2.3.4.' } },
];

describe('eipbot audit show', () => {
  let workspace: CliWorkspace;
  beforeEach(async () => {
    workspace = await createCliWorkspace();
    await workspace.writeConfig(`store: ${STORE}\n${HUAWEI_ACCOUNT}`);
  });
  afterEach(async () => {
    await workspace.dispose();
  });

  it("prints one request's trail, one readable line per record, and exits 0", async () => {
    await workspace.record(EVENTS, { store: STORE });

    expect(await workspace.run('audit', 'show', 'R-7K2F9Q')).toEqual({
      code: 0,
      stdout: [
        '2025-01-02T03:04:05.000Z  #0  requested      U0REQUESTER  action=unbind eip=1.2.3.4 reason="INC-42 compromised host"',
        '2025-01-02T03:04:06.000Z  #2  approved       U0APPROVER1',
        '2025-01-02T03:04:06.200Z  #3  provider-call  eipbot  step="unbind 1.2.3.4" call.operation="PUT publicip" call.outcome=ok call.durationMs=180 call.requestId=req-8f2a',
        '2025-01-02T03:04:08.000Z  #4  succeeded      eipbot  summary="Unbound 1.2.3.4."',
      ],
      stderr: [],
    });
  });

  it('accepts a request id typed in lower case', async () => {
    await workspace.record(EVENTS, { store: STORE });

    const { code, stdout } = await workspace.run('audit', 'show', 'r-3m4n5p');

    expect(code).toBe(0);
    expect(stdout).toEqual(['2025-01-02T03:04:05.500Z  #1  requested      U0OTHER  action=isolate']);
  });

  it('says so and exits 1 when the chain holds nothing about the request', async () => {
    await workspace.record(EVENTS, { store: STORE });

    expect(await workspace.run('audit', 'show', 'R-ZZZZZZ')).toEqual({ code: 1, stdout: ['No audit records of R-ZZZZZZ in the sqlite store.'], stderr: [] });
  });

  it('refuses something that is not a request id, shows the usage and exits 2', async () => {
    expect(await workspace.run('audit', 'show', 'R-0O1I')).toEqual({
      code: 2,
      stdout: [],
      stderr: ['"R-0O1I" is not a request id: it is R- followed by 6 letters and digits, like R-7K2F9Q.', 'usage: eipbot audit show <request-id>'],
    });
  });

  it('asks for the request id when none is given and exits 2', async () => {
    expect(await workspace.run('audit', 'show')).toEqual({
      code: 2,
      stdout: [],
      stderr: ['eipbot audit show needs exactly one request id.', 'usage: eipbot audit show <request-id>'],
    });
  });
});
