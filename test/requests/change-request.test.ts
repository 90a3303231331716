import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { parseChangeRequest } from '../../src/requests/change-request.js';
import { pendingRequest } from '../support/requests-fixtures.js';

describe('stored change request', () => {
  it('reads back exactly what was stored, through JSON', () => {
    const request = pendingRequest({
      card: { channel: 'C0OPS', ts: '1700000000.000100' },
      journal: [{ step: 'unbind eip-1', eipId: 'eip-1', phase: 'after-write', receipt: { operation: 'POST disassociate-instance', requestId: 'req-1' } }],
      undoOf: 'R-22222A',
    });
    expect(parseChangeRequest(JSON.parse(JSON.stringify(request)))).toEqual(request);
  });

  it('keeps plan fields a newer workflow added, so a reconcile sees the plan as stored', () => {
    const request = pendingRequest();
    const stored = JSON.parse(JSON.stringify(request));
    stored.plan.changes[0].routeTable = 'rtb-1';
    expect(parseChangeRequest(stored).plan.changes[0]).toMatchObject({ routeTable: 'rtb-1', eipId: 'eip-1' });
  });

  it('refuses a stored request that lost a field it needs, instead of acting on half a request', () => {
    const stored = JSON.parse(JSON.stringify(pendingRequest()));
    delete stored.plan;
    expect(() => parseChangeRequest(stored)).toThrow(ZodError);
    expect(() => parseChangeRequest({ ...pendingRequest(), status: 'done' })).toThrow(ZodError);
  });
});
