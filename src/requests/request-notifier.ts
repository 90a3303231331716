import type { WorkflowEvent } from '../workflows/workflow.js';
import type { ChangeRequest } from './change-request.js';

/** What just happened to a request, so the card can say it. `approval` = one more approval, not yet enough. */
export type RequestChange =
  | 'requested'
  | 'approval'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'expired'
  | 'executing'
  | 'succeeded'
  | 'failed';

/**
 * How the engine tells people (the Slack layer implements it). Calls for one request
 * arrive in order; a failure or a slow Slack never delays, breaks or repeats an
 * execution — the engine logs it and goes on.
 */
export interface RequestNotifier {
  /** The card must be redrawn: status, approvals, buttons (removed once final). `requested`: post it. */
  changed(request: ChangeRequest, what: RequestChange): Promise<void>;
  /**
   * A line for the card's thread: every finished step, every failed or throttled
   * provider call, and each new status seen while waiting. Successful calls are in the
   * audit trail, not the thread.
   */
  progress(request: ChangeRequest, event: WorkflowEvent): Promise<void>;
  /** The execution ended (succeeded or failed): the final result message, and the audit channel if configured. */
  finished(request: ChangeRequest): Promise<void>;
}
