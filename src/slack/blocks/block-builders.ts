import type { types } from '@slack/bolt';
import { clip, clipPlain } from './mrkdwn.js';

/**
 * Block Kit constructors that enforce Slack's limits as they build
 * (reference/slack.md §4, from @slack/types and docs.slack.dev/reference/block-kit):
 * a block that would break one is clipped here, so Slack never answers `invalid_blocks`.
 */

export const BLOCK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** chat.update refuses longer `text` with msg_too_long; chat.postMessage advises the same. */
  messageText: 4000,
} as const;

export type Block = types.KnownBlock;

/** What eipbot posts: the fallback `text` (notifications, screen readers) and the blocks. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export function section(mrkdwn: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn, BLOCK_LIMITS.sectionText) } };
}

export function header(plain: string): types.HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: clipPlain(plain, BLOCK_LIMITS.headerText), emoji: true } };
}

export function context(...mrkdwn: string[]): types.ContextBlock {
  return {
    type: 'context',
    elements: mrkdwn.slice(0, BLOCK_LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text: clip(text, BLOCK_LIMITS.sectionText) })),
  };
}

export interface ConfirmDialog {
  title: string;
  /** mrkdwn, escaped by the caller. */
  text: string;
  confirm: string;
  deny: string;
  style?: 'primary' | 'danger';
}

export interface ButtonSpec {
  actionId: string;
  text: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmDialog;
}

export function button(spec: ButtonSpec): types.Button {
  if (spec.value.length > BLOCK_LIMITS.buttonValue) throw new RangeError(`button value of ${spec.value.length} characters is over Slack's limit`);
  return {
    type: 'button',
    action_id: spec.actionId,
    text: { type: 'plain_text', text: clipPlain(spec.text, BLOCK_LIMITS.buttonText), emoji: true },
    value: spec.value,
    ...(spec.style === undefined ? {} : { style: spec.style }),
    ...(spec.confirm === undefined
      ? {}
      : {
          // Slack's docs mark all four parts required although @slack/types makes some optional (reference §4).
          confirm: {
            title: { type: 'plain_text', text: clipPlain(spec.confirm.title, BLOCK_LIMITS.confirmTitle) },
            text: { type: 'mrkdwn', text: clip(spec.confirm.text, BLOCK_LIMITS.confirmText) },
            confirm: { type: 'plain_text', text: clipPlain(spec.confirm.confirm, BLOCK_LIMITS.confirmButton) },
            deny: { type: 'plain_text', text: clipPlain(spec.confirm.deny, BLOCK_LIMITS.confirmButton) },
            ...(spec.confirm.style === undefined ? {} : { style: spec.confirm.style }),
          },
        }),
  };
}

export function actions(blockId: string, elements: types.Button[]): types.ActionsBlock {
  return { type: 'actions', block_id: blockId, elements };
}

/**
 * Lines packed into as few sections as fit Slack's 3000 characters each: at most
 * `maxLines` lines in at most `maxBlocks` sections. When some do not fit, the last
 * line shown is `overflowNote(hidden)`, saying how many were left out and where to
 * find them.
 */
export function lineSections(
  lines: readonly string[],
  limits: { maxBlocks: number; maxLines: number },
  overflowNote: (hidden: number) => string,
): types.SectionBlock[] {
  const pack = (count: number): string[] => {
    const shown = lines.slice(0, count).map((line) => clip(line, BLOCK_LIMITS.sectionText));
    if (count < lines.length) shown.push(clip(overflowNote(lines.length - count), BLOCK_LIMITS.sectionText));
    const texts: string[] = [];
    let current = '';
    for (const line of shown) {
      const joined = current === '' ? line : `${current}\n${line}`;
      if (joined.length <= BLOCK_LIMITS.sectionText) {
        current = joined;
        continue;
      }
      texts.push(current);
      current = line;
    }
    if (current !== '') texts.push(current);
    return texts;
  };
  // Fewer lines never need more sections, so the first count that fits is the most that do.
  for (let count = Math.min(lines.length, limits.maxLines); count >= 0; count -= 1) {
    const texts = pack(count);
    if (texts.length <= limits.maxBlocks) return texts.map((text) => section(text));
  }
  return [];
}

/** The fallback text, within what chat.update accepts. */
export function fallbackText(text: string): string {
  return clip(text, BLOCK_LIMITS.messageText);
}
