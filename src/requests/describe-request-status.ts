import type { ChangeRequest } from './change-request.js';
import { mentionAll } from './slack-mentions.js';
import { slackTime } from './slack-time.js';

/**
 * One sentence saying where a request stands, for anyone who clicks a button that no
 * longer applies: "R-7K2F9Q was already approved by <@U1> at 12:03 and is executing."
 */
export function describeRequestStatus(request: ChangeRequest): string {
  const { id } = request;
  const approvers = mentionAll(request.approvals.map((approval) => approval.user));
  const approvedAt = request.transitions.approved;
  const approvedBy = approvedAt === undefined ? 'approved' : `approved by ${approvers} at ${slackTime(approvedAt)}`;
  switch (request.status) {
    case 'pending':
      return `${id} is waiting for approval (${request.approvals.length} of ${request.policy.approvals}).`;
    case 'approved':
      return `${id} was already ${approvedBy} and is about to execute.`;
    case 'executing':
      return `${id} was already ${approvedBy} and is executing.`;
    case 'succeeded':
      return `${id} was already ${approvedBy} and succeeded${at(request.transitions.succeeded)}.`;
    case 'failed':
      return `${id} was already ${approvedBy} and failed${at(request.transitions.failed)}.`;
    case 'rejected': {
      const rejection = request.rejection;
      const why = rejection?.reason ? `: "${rejection.reason}"` : '';
      return `${id} was rejected${rejection ? ` by ${mentionAll([rejection.user])} at ${slackTime(rejection.at)}` : ''}${why}.`;
    }
    case 'cancelled': {
      const cancellation = request.cancellation;
      return `${id} was cancelled${cancellation ? ` by ${mentionAll([cancellation.user])} at ${slackTime(cancellation.at)}` : ''}.`;
    }
    case 'expired':
      return (
        `${id} expired${at(request.transitions.expired ?? request.expiresAt)} without enough approvals; ` +
        'request the change again if it is still needed.'
      );
  }
}

function at(epochMs: number | undefined): string {
  return epochMs === undefined ? '' : ` at ${slackTime(epochMs)}`;
}
