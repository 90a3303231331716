import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { REQUEST_STATUSES, type RequestStatus } from '../../src/requests/change-request.js';
import { assertTransition, canTransition, IllegalTransitionError, isFinalStatus, transition } from '../../src/requests/state-machine.js';
import { pendingRequest } from '../support/requests-fixtures.js';

const at1203 = Date.UTC(2026, 0, 5, 12, 3, 0);
const at1204 = Date.UTC(2026, 0, 5, 12, 4, 30);
const time1203 = `<!date^${at1203 / 1000}^{time}|12:03 UTC>`;

const legal: [RequestStatus, RequestStatus][] = [
  ['pending', 'approved'],
  ['pending', 'rejected'],
  ['pending', 'cancelled'],
  ['pending', 'expired'],
  ['approved', 'executing'],
  ['executing', 'succeeded'],
  ['executing', 'failed'],
];

describe('change request state machine', () => {
  it('allows exactly the transitions of SPEC §3 and nothing else', () => {
    for (const from of REQUEST_STATUSES) {
      for (const to of REQUEST_STATUSES) {
        const expected = legal.some(([a, b]) => a === from && b === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('treats succeeded, failed, rejected, cancelled and expired as final', () => {
    expect(REQUEST_STATUSES.filter(isFinalStatus)).toEqual(['succeeded', 'failed', 'rejected', 'cancelled', 'expired']);
  });

  it('records when each status was entered', () => {
    const approved = transition(pendingRequest(), 'approved', at1203);
    expect(approved.status).toBe('approved');
    expect(approved.transitions).toEqual({ pending: pendingRequest().createdAt, approved: at1203 });
  });

  it('tells a late approver that the request was already approved and is executing, by whom and when', () => {
    const executing = pendingRequest({
      status: 'executing',
      approvals: [{ user: 'U0APPROVER1', at: at1203 }],
      transitions: { pending: at1203 - 60_000, approved: at1203, executing: at1203 },
    });
    const error = catchError(() => assertTransition(executing, 'approved'));
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error.code).toBe(ErrorCode.IllegalTransition);
    expect(error.userMessage).toBe(`R-7K2F9Q was already approved by <@U0APPROVER1> at ${time1203} and is executing.`);
    expect(error.message).toBe('R-7K2F9Q: illegal transition executing → approved');
  });

  it('names every approver and the outcome time when a finished request is clicked again', () => {
    const succeeded = pendingRequest({
      status: 'succeeded',
      approvals: [
        { user: 'U0APPROVER1', at: at1203 - 1000 },
        { user: 'U0APPROVER2', at: at1203 },
      ],
      transitions: { pending: at1203 - 60_000, approved: at1203, executing: at1203, succeeded: at1204 },
    });
    expect(catchError(() => assertTransition(succeeded, 'cancelled')).userMessage).toBe(
      `R-7K2F9Q was already approved by <@U0APPROVER1> and <@U0APPROVER2> at ${time1203} and succeeded at <!date^${Math.floor(at1204 / 1000)}^{time}|12:04 UTC>.`,
    );
  });

  it('says who rejected a request and why when someone tries to approve it afterwards', () => {
    const rejected = pendingRequest({ status: 'rejected', rejection: { user: 'U0APPROVER2', at: at1203, reason: 'wrong server' } });
    expect(catchError(() => assertTransition(rejected, 'approved')).userMessage).toBe(
      `R-7K2F9Q was rejected by <@U0APPROVER2> at ${time1203}: "wrong server".`,
    );
  });

  it('says a request expired and that it must be requested again', () => {
    const expired = pendingRequest({ status: 'expired', transitions: { pending: at1203 - 900_000, expired: at1203 } });
    expect(catchError(() => transition(expired, 'approved', at1204)).userMessage).toBe(
      `R-7K2F9Q expired at ${time1203} without enough approvals; request the change again if it is still needed.`,
    );
  });

  it('says who cancelled a request', () => {
    const cancelled = pendingRequest({ status: 'cancelled', cancellation: { user: 'U0REQUESTER', at: at1203 } });
    expect(catchError(() => assertTransition(cancelled, 'rejected')).userMessage).toBe(
      `R-7K2F9Q was cancelled by <@U0REQUESTER> at ${time1203}.`,
    );
  });

  it('refuses to execute a request that is still waiting for approvals', () => {
    const pending = pendingRequest({ policy: { approvals: 2, allowSelfApproval: false, ttlMs: 900_000 }, approvals: [{ user: 'U0APPROVER1', at: at1203 }] });
    expect(catchError(() => assertTransition(pending, 'executing')).userMessage).toBe('R-7K2F9Q is waiting for approval (1 of 2).');
  });
});

function catchError(fn: () => unknown): IllegalTransitionError {
  try {
    fn();
  } catch (error) {
    if (error instanceof IllegalTransitionError) return error;
    throw error;
  }
  throw new Error('expected an IllegalTransitionError');
}
