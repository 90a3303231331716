import type { ChangeRequest } from '../../requests/change-request.js';
import { mention } from '../../requests/slack-mentions.js';
import { actionPhrase } from './action-phrase.js';
import { fallbackText, lineSections, section, type SlackMessage } from './block-builders.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import { slackDateTime } from './slack-date.js';

function standing(request: ChangeRequest): string {
  switch (request.status) {
    case 'pending':
      return `waiting for approval (${request.approvals.length} of ${request.policy.approvals}), expires ${slackDateTime(request.expiresAt)}`;
    case 'approved':
      return 'approved, starting';
    case 'executing':
      return 'executing';
    default:
      return request.status;
  }
}

/** `/eip requests`: the channel's open change requests, oldest first. */
export function openRequestsMessage(requests: readonly ChangeRequest[]): SlackMessage {
  if (requests.length === 0) {
    return { text: 'No open change requests in this channel.', blocks: [section('No open change requests in this channel.')] };
  }
  const lines = requests.map(
    (request) =>
      `• ${code(request.id)} ${escapeMrkdwn(actionPhrase(request.args, request.plan))} on ${escapeMrkdwn(request.account)}: ${standing(request)} · requested by ${mention(request.requester)}`,
  );
  const count = `${requests.length} open change request${requests.length === 1 ? '' : 's'}`;
  return {
    text: fallbackText(`${count} in this channel`),
    blocks: [section(`*${count}* in this channel:`), ...lineSections(lines, { maxBlocks: 40, maxLines: 100 }, (hidden) => `…and ${hidden} more.`)],
  };
}
