import type { ChangeRequest } from '../../requests/change-request.js';
import { mention, mentionAll } from '../../requests/slack-mentions.js';
import { slackTime } from '../../requests/slack-time.js';
import { ActionId } from '../action-ids.js';
import { actionPhrase, actionTitle } from './action-phrase.js';
import { actions, button, context, fallbackText, header, lineSections, section, type Block, type SlackMessage } from './block-builders.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import { planLines } from './plan-lines.js';
import { slackDateTime } from './slack-date.js';

/** Provider, API and region of an account, as the card names them. */
export interface AccountLabel {
  provider: string;
  api: string;
  region: string;
}

/**
 * An isolate of a server with a hundred EIPs must still fit one message (50 blocks,
 * reference §4) and stay readable; the rest of its plan goes to the card's thread.
 */
export const PLAN_LINES_ON_CARD = 20;
const PLAN_SECTIONS_ON_CARD = 4;

export const INCIDENT_MARKER = '🚨 INCIDENT';

const STATUS_ICON: Record<ChangeRequest['status'], string> = {
  pending: ':hourglass_flowing_sand:',
  approved: ':white_check_mark:',
  executing: ':gear:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  rejected: ':no_entry:',
  cancelled: ':wastebasket:',
  expired: ':alarm_clock:',
};

export function accountText(name: string, label: AccountLabel | undefined): string {
  return label === undefined ? name : `${name} (${label.provider} ${label.api}, ${label.region})`;
}

function approvalsSoFar(request: ChangeRequest): string {
  const who = request.approvals.length === 0 ? '' : `: ${mentionAll(request.approvals.map((approval) => approval.user))}`;
  return `${request.approvals.length} of ${request.policy.approvals}${who}`;
}

/** Where the request stands, in one mrkdwn paragraph. */
export function statusText(request: ChangeRequest): string {
  const icon = STATUS_ICON[request.status];
  const approvedBy = mentionAll(request.approvals.map((approval) => approval.user));
  switch (request.status) {
    case 'pending':
      return `${icon} *Waiting for approval* (${approvalsSoFar(request)}). Expires ${slackDateTime(request.expiresAt)}.`;
    case 'approved':
      return `${icon} *Approved* by ${approvedBy}; starting.`;
    case 'executing':
      return `${icon} *Executing* since ${slackTime(request.transitions.executing ?? request.createdAt)}, approved by ${approvedBy}. Progress is in the thread.`;
    case 'succeeded':
    case 'failed': {
      const word = request.status === 'succeeded' ? 'Succeeded' : 'Failed';
      const summary = request.result === undefined ? '' : ` ${escapeMrkdwn(request.result.summary)}`;
      const reconciled = request.reconciled === true ? ' (found out after the execution was interrupted)' : '';
      const approved = request.approvals.length === 0 ? '' : ` Approved by ${approvedBy}.`;
      return `${icon} *${word}*${reconciled} at ${slackTime(request.transitions[request.status] ?? request.createdAt)}.${summary}${approved}`;
    }
    case 'rejected': {
      const rejection = request.rejection;
      const why = rejection?.reason === undefined ? '' : `: ${escapeMrkdwn(rejection.reason)}`;
      return rejection === undefined ? `${icon} *Rejected*.` : `${icon} *Rejected* by ${mention(rejection.user)} at ${slackTime(rejection.at)}${why}. Nothing was changed.`;
    }
    case 'cancelled': {
      const cancellation = request.cancellation;
      const by = cancellation === undefined ? '' : ` by ${mention(cancellation.user)} at ${slackTime(cancellation.at)}`;
      return `${icon} *Cancelled*${by}. Nothing was changed.`;
    }
    case 'expired':
      return `${icon} *Expired* at ${slackTime(request.transitions.expired ?? request.expiresAt)} with ${approvalsSoFar(request)} approvals. Nothing was changed; request it again if it is still needed.`;
  }
}

function decisionButtons(request: ChangeRequest): Block {
  const phrase = escapeMrkdwn(actionPhrase(request.args, request.plan));
  return actions(`eip_decision:${request.id}`, [
    button({
      actionId: ActionId.approve,
      text: 'Approve',
      value: request.id,
      style: 'primary',
      confirm: {
        title: `Approve ${request.id}?`,
        text: `eipbot will ${phrase} on account ${escapeMrkdwn(request.account)}${request.policy.approvals > 1 ? ` once ${request.policy.approvals} approvers have approved` : ' right away'}.`,
        confirm: 'Approve',
        deny: 'Back',
      },
    }),
    button({
      actionId: ActionId.reject,
      text: 'Reject',
      value: request.id,
      style: 'danger',
      confirm: {
        title: `Reject ${request.id}?`,
        text: `The request to ${phrase} ends here; nothing will be changed.`,
        confirm: 'Reject',
        deny: 'Back',
        style: 'danger',
      },
    }),
    button({ actionId: ActionId.cancel, text: 'Cancel request', value: request.id }),
  ]);
}

/** The plan lines that do not fit on the card, for its thread; empty when all fit. */
function planOverflow(request: ChangeRequest): string[] {
  const lines = planLines(request.plan);
  return lines.length > PLAN_LINES_ON_CARD ? lines : [];
}

/**
 * The change request as it stands (SPEC §3): what, where, who and why, the plan
 * before → after, approvals and expiry, and the buttons while it is pending. Redrawn
 * in place (chat.update) on every change; once final the buttons are gone and the
 * outcome is shown.
 */
export function requestCard(request: ChangeRequest, account: AccountLabel | undefined): SlackMessage {
  const title = actionTitle(request.args, request.plan);
  const blocks: Block[] = [header(`${request.incident ? `${INCIDENT_MARKER} · ` : ''}${title}`)];
  if (request.incident) {
    blocks.push(
      context(
        `${INCIDENT_MARKER}: requested in an incident channel, so the incident policy applies (${request.policy.approvals} approval${request.policy.approvals === 1 ? '' : 's'}, self-approval ${request.policy.allowSelfApproval ? 'allowed' : 'not allowed'}).`,
      ),
    );
  }
  const facts = [
    `*Request* ${code(request.id)}`,
    `*Account* ${escapeMrkdwn(accountText(request.account, account))}`,
    `*Requested by* ${mention(request.requester)}`,
    `*Reason* ${request.reason === undefined ? '_none given_' : escapeMrkdwn(request.reason)}`,
  ];
  if (request.undoOf !== undefined) facts.push(`*Undoes* ${code(request.undoOf)}`);
  blocks.push(section(facts.join('\n')));

  blocks.push(section(`*Plan* (live state read at ${slackTime(request.createdAt)})`));
  blocks.push(
    ...lineSections(planLines(request.plan), { maxBlocks: PLAN_SECTIONS_ON_CARD, maxLines: PLAN_LINES_ON_CARD }, (hidden) =>
      `…and ${hidden} more; the whole plan is in the thread.`,
    ),
  );
  if (request.plan.notes.length > 0) {
    blocks.push(context(...request.plan.notes.slice(0, 10).map((note) => `:information_source: ${escapeMrkdwn(note)}`)));
  }
  blocks.push(section(statusText(request)));
  if (request.status === 'pending') blocks.push(decisionButtons(request));

  const incident = request.incident ? `${INCIDENT_MARKER} ` : '';
  const text = fallbackText(escapeMrkdwn(`${incident}${request.id}: ${actionPhrase(request.args, request.plan)} on ${request.account} (${request.status})`));
  return { text, blocks };
}

/** The thread lines of a plan too long for its card, each message within Slack's limits. */
export function planThreadMessages(request: ChangeRequest): SlackMessage[] {
  const lines = planOverflow(request);
  if (lines.length === 0) return [];
  const perMessage = 40;
  const messages: SlackMessage[] = [];
  for (let start = 0; start < lines.length; start += perMessage) {
    const chunk = lines.slice(start, start + perMessage);
    const heading = `*Plan of ${request.id}*, EIPs ${start + 1}–${start + chunk.length} of ${lines.length}:`;
    messages.push({
      text: `Plan of ${request.id}, part ${messages.length + 1}`,
      blocks: [section(heading), ...lineSections(chunk, { maxBlocks: 10, maxLines: perMessage }, (hidden) => `…${hidden} more`)],
    });
  }
  return messages;
}
