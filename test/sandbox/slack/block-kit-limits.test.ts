import { describe, expect, it } from 'vitest';
import { findBlockKitViolations } from '../../../src/sandbox/slack/block-kit-limits.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const button = (overrides: Record<string, unknown> = {}) => ({ type: 'button', action_id: 'eip_approve', value: 'R-7K2F9Q', text: plain('Approve'), ...overrides });

describe('findBlockKitViolations', () => {
  it('accepts the approval card of reference/slack.md §4, confirm dialog included', () => {
    const card = [
      { type: 'header', text: plain('Unbind 203.0.113.10') },
      { type: 'section', text: { type: 'mrkdwn', text: '*R-7K2F9Q*' }, fields: [{ type: 'mrkdwn', text: '*Account*\nhw-prod' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'expires in 15 min' }] },
      { type: 'divider' },
      {
        type: 'actions',
        block_id: 'eip_decision',
        elements: [
          button({
            style: 'primary',
            confirm: { title: plain('Approve?'), text: { type: 'mrkdwn', text: 'Unbind *203.0.113.10*?' }, confirm: plain('Approve'), deny: plain('Cancel') },
          }),
          button({ action_id: 'eip_reject', style: 'danger', text: plain('Reject') }),
        ],
      },
      { type: 'rich_text', elements: [] },
    ];
    expect(findBlockKitViolations(card)).toEqual([]);
  });

  it('names each broken limit with its place in the message', () => {
    const blocks = [
      { type: 'section', block_id: 'b'.repeat(256), fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
      { type: 'actions', elements: [button({ action_id: 'a'.repeat(256), text: plain('t'.repeat(76)) })] },
      { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
      { type: 'actions', elements: [button({ confirm: { title: plain('t'.repeat(101)), text: plain('ok'), confirm: plain('y'), deny: plain('n') } })] },
    ];
    expect(findBlockKitViolations(blocks)).toEqual([
      'must be less than 256 characters [json-pointer:/blocks/0/block_id]',
      'must be less than 11 items [json-pointer:/blocks/0/fields]',
      'must be less than 76 characters [json-pointer:/blocks/1/elements/0/text/text]',
      'must be less than 256 characters [json-pointer:/blocks/1/elements/0/action_id]',
      'must be less than 11 items [json-pointer:/blocks/2/elements]',
      'must be less than 101 characters [json-pointer:/blocks/3/elements/0/confirm/title/text]',
    ]);
  });

  it('refuses a block_id used twice in one message and an action_id used twice in one block', () => {
    const blocks = [
      { type: 'divider', block_id: 'same' },
      { type: 'actions', block_id: 'same', elements: [button(), button()] },
    ];
    expect(findBlockKitViolations(blocks)).toEqual([
      'block_id must be unique within a message [json-pointer:/blocks/1/block_id]',
      'action_id must be unique within a block [json-pointer:/blocks/1/elements/1/action_id]',
    ]);
  });

  it('refuses blocks that are not a list of typed objects', () => {
    expect(findBlockKitViolations({ type: 'section' })).toEqual(['must be an array [json-pointer:/blocks]']);
    expect(findBlockKitViolations([{ text: 'no type' }])).toHaveLength(1);
  });
});
