import { EipbotError, ErrorCode } from '../errors.js';
import type { ChangeRequest, RequestStatus } from './change-request.js';
import { describeRequestStatus } from './describe-request-status.js';

/**
 * SPEC §3: `pending → approved → executing → succeeded | failed`, or from pending
 * `rejected`, `cancelled`, `expired`. Nothing leaves a final status, and nothing goes
 * back: a request that ran is never "approved" again.
 */
const NEXT: Record<RequestStatus, readonly RequestStatus[]> = {
  pending: ['approved', 'rejected', 'cancelled', 'expired'],
  approved: ['executing'],
  executing: ['succeeded', 'failed'],
  succeeded: [],
  failed: [],
  rejected: [],
  cancelled: [],
  expired: [],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return NEXT[from].includes(to);
}

export function isFinalStatus(status: RequestStatus): boolean {
  return NEXT[status].length === 0;
}

/** A button or command that no longer applies; the message says where the request stands. */
export class IllegalTransitionError extends EipbotError {
  readonly requestId: string;
  readonly from: RequestStatus;
  readonly to: RequestStatus;

  constructor(request: ChangeRequest, to: RequestStatus) {
    super(ErrorCode.IllegalTransition, describeRequestStatus(request), {
      detail: `${request.id}: illegal transition ${request.status} → ${to}`,
    });
    this.requestId = request.id;
    this.from = request.status;
    this.to = to;
  }
}

/** Throws `IllegalTransitionError` unless `request` may move to `to`. */
export function assertTransition(request: ChangeRequest, to: RequestStatus): void {
  if (!canTransition(request.status, to)) throw new IllegalTransitionError(request, to);
}

/** The request moved to `to` at `now`: status and its timestamp; the caller adds the rest. */
export function transition(request: ChangeRequest, to: RequestStatus, now: number): ChangeRequest {
  assertTransition(request, to);
  return { ...request, status: to, transitions: { ...request.transitions, [to]: now } };
}
