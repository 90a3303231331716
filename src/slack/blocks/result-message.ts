import type { ChangeRequest } from '../../requests/change-request.js';
import { mention, mentionAll } from '../../requests/slack-mentions.js';
import type { StepOutcome } from '../../workflows/workflow.js';
import { ActionId } from '../action-ids.js';
import { actionPhrase, actionTitle } from './action-phrase.js';
import { actions, button, context, fallbackText, lineSections, section, type Block, type SlackMessage } from './block-builders.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import { accountText, INCIDENT_MARKER, type AccountLabel } from './request-card.js';
import { formatElapsed } from './slack-date.js';

const STEP_LINES = 30;
const STEP_SECTIONS = 8;

export function stepLine(step: StepOutcome): string {
  const icon = step.ok ? ':white_check_mark:' : ':x:';
  return `${icon} ${escapeMrkdwn(step.label)}: ${escapeMrkdwn(step.message)} (${formatElapsed(step.durationMs)})`;
}

function undoButton(request: ChangeRequest): Block {
  return actions(`eip_undo:${request.id}`, [
    button({
      actionId: ActionId.undo,
      text: 'Undo',
      value: request.id,
      confirm: {
        title: `Undo ${request.id}?`,
        text: `This opens a new change request that puts back what ${request.id} changed. It needs approval like any other.`,
        confirm: 'Request undo',
        deny: 'Back',
      },
    }),
  ]);
}

export interface ResultMessageOptions {
  /** Posted in the audit channel: say which channel the request came from. */
  forAuditChannel: boolean;
}

/**
 * The final result of an execution (SPEC §5), posted in the request's channel and in
 * the audit channel: outcome, summary, every step, who asked and who approved, and an
 * Undo button where the workflow says how to undo it.
 */
export function resultMessage(request: ChangeRequest, account: AccountLabel | undefined, options: ResultMessageOptions): SlackMessage {
  const succeeded = request.status === 'succeeded';
  const icon = succeeded ? ':white_check_mark:' : ':x:';
  const where = options.forAuditChannel ? ` in <#${request.channel.id}>` : '';
  const incident = request.incident ? `${INCIDENT_MARKER} · ` : '';
  const outcome = succeeded ? 'succeeded' : 'failed';
  const blocks: Block[] = [
    section(`${incident}${icon} *${code(request.id)} ${outcome}*${where}: ${escapeMrkdwn(actionTitle(request.args, request.plan))}`),
  ];
  const result = request.result;
  if (result !== undefined) {
    blocks.push(section(escapeMrkdwn(result.summary)));
    if (result.createdEipId !== undefined) blocks.push(section(`Created EIP ${code(result.createdEipId)}.`));
    blocks.push(
      ...lineSections(result.steps.map(stepLine), { maxBlocks: STEP_SECTIONS, maxLines: STEP_LINES }, (hidden) =>
        `…and ${hidden} more steps; \`eipbot audit show ${request.id}\` lists every one.`,
      ),
    );
  }
  const approvedAt = request.transitions.approved;
  const doneAt = request.transitions[request.status];
  const facts = [
    `Account ${escapeMrkdwn(accountText(request.account, account))}`,
    `requested by ${mention(request.requester)}`,
    ...(request.approvals.length === 0 ? [] : [`approved by ${mentionAll(request.approvals.map((approval) => approval.user))}`]),
    ...(approvedAt !== undefined && doneAt !== undefined ? [`done ${formatElapsed(doneAt - approvedAt)} after approval`] : []),
  ];
  blocks.push(context(facts.join(' · ')));
  if (request.reason !== undefined) blocks.push(context(`Reason: ${escapeMrkdwn(request.reason)}`));
  if (succeeded && result?.undo !== undefined) blocks.push(undoButton(request));

  const text = fallbackText(
    escapeMrkdwn(`${request.incident ? `${INCIDENT_MARKER} ` : ''}${request.id} ${outcome}: ${actionPhrase(request.args, request.plan)}`),
  );
  return { text, blocks };
}
