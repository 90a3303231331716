import { describe, expect, it } from 'vitest';
import { blocksToHtml, messageBodyHtml } from '../../../src/sandbox/console/block-kit-html.js';
import type { SlackNames } from '../../../src/sandbox/console/mrkdwn-html.js';
import { htmlShape } from './html-shape.js';

const names: SlackNames = {
  user: (id) => ({ U0RITA001: 'rita' })[id],
  channel: () => undefined,
  userGroup: () => undefined,
};

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text });

describe('Block Kit as the console draws it', () => {
  it('draws a header as plain text', () => {
    expect(blocksToHtml([{ type: 'header', text: plain('Change request R-7K2F9Q :rotating_light:') }], names)).toBe(
      '<div class="bk-header">Change request R-7K2F9Q 🚨</div>',
    );
  });

  it('draws a section’s text, its fields two by two, and a button accessory with its place in the message', () => {
    const html = blocksToHtml(
      [
        { type: 'divider' },
        {
          type: 'section',
          text: mrkdwn('*Unbind* 203.0.113.10'),
          fields: [mrkdwn('*Before*\nweb-1'), mrkdwn('*After*\nunbound')],
          accessory: { type: 'button', action_id: 'eip_details', text: plain('Details') },
        },
      ],
      names,
    );
    expect(html).toBe(
      '<hr class="bk-divider">' +
        '<div class="bk-section"><div class="bk-section-body">' +
        '<div class="bk-section-text"><strong>Unbind</strong> 203.0.113.10</div>' +
        '<div class="bk-fields"><div class="bk-field"><strong>Before</strong><br>web-1</div><div class="bk-field"><strong>After</strong><br>unbound</div></div>' +
        '</div><div class="bk-accessory"><span class="bk-button-wrap"><button type="button" class="bk-button" data-button="1:accessory">Details</button></span></div></div>',
    );
  });

  it('draws context elements small, text and images alike', () => {
    expect(
      blocksToHtml([{ type: 'context', elements: [mrkdwn('requested by <@U0RITA001>'), { type: 'image', image_url: 'https://x.test/a.png', alt_text: 'huawei' }] }], names),
    ).toBe(
      '<div class="bk-context"><span class="bk-context-text">requested by <span class="mention mention-user">@rita</span></span>' +
        '<span class="bk-context-image" role="img" aria-label="huawei">🖼 huawei</span></div>',
    );
  });

  it('draws buttons with their style and a confirmation dialog holding every label the bot gave', () => {
    const html = blocksToHtml(
      [
        {
          type: 'actions',
          block_id: 'decision',
          elements: [
            {
              type: 'button',
              action_id: 'eip_approve',
              style: 'primary',
              value: 'R-7K2F9Q',
              text: plain('Approve'),
              confirm: { title: plain('Approve R-7K2F9Q?'), text: mrkdwn('Unbind *203.0.113.10*?'), confirm: plain('Approve'), deny: plain('Not yet'), style: 'danger' },
            },
            { type: 'button', action_id: 'eip_reject', style: 'danger', value: 'R-7K2F9Q', text: plain('Reject') },
            { type: 'button', action_id: 'eip_docs', url: 'https://docs.example.com/eip', text: plain('Docs') },
          ],
        },
      ],
      names,
    );
    expect(html).toBe(
      '<div class="bk-actions">' +
        '<span class="bk-button-wrap"><button type="button" class="bk-button primary" data-button="0:0">Approve</button>' +
        '<dialog class="bk-confirm"><form method="dialog"><h2 class="bk-confirm-title">Approve R-7K2F9Q?</h2>' +
        '<div class="bk-confirm-text">Unbind <strong>203.0.113.10</strong>?</div>' +
        '<div class="bk-confirm-buttons"><button class="bk-button" value="cancel">Not yet</button><button class="bk-button danger" value="confirm">Approve</button></div>' +
        '</form></dialog></span>' +
        '<span class="bk-button-wrap"><button type="button" class="bk-button danger" data-button="0:1">Reject</button></span>' +
        '<span class="bk-button-wrap"><button type="button" class="bk-button" data-button="0:2" data-url="https://docs.example.com/eip">Docs</button></span>' +
        '</div>',
    );
  });

  it('draws an image block as its alt text and title, since the sandbox fetches nothing from outside', () => {
    expect(blocksToHtml([{ type: 'image', image_url: 'https://x.test/graph.png', alt_text: 'traffic', title: plain('Last hour') }], names)).toBe(
      '<figure class="bk-image"><span class="bk-image-placeholder" role="img" aria-label="traffic">🖼 traffic</span><figcaption>Last hour</figcaption></figure>',
    );
  });

  it('names what it does not draw instead of dropping it', () => {
    expect(
      blocksToHtml(
        [
          { type: 'rich_text', elements: [] },
          { type: 'section' },
          'not a block',
          { type: 'actions', elements: [{ type: 'static_select', action_id: 'pick' }] },
        ],
        names,
      ),
    ).toBe(
      '<div class="bk-unsupported">[rich_text block: not drawn by the sandbox]</div>' +
        '<div class="bk-unsupported">[malformed section block]</div>' +
        '<div class="bk-unsupported">[block 2: not a block]</div>' +
        '<div class="bk-actions"><div class="bk-unsupported">[static_select: not drawn by the sandbox]</div></div>',
    );
  });

  it('shows a reason full of markup as text in every place a bot can put it', () => {
    const reason = '<script>alert(1)</script><img src=x onerror=alert(1)> " onclick="alert(2)';
    const html = blocksToHtml(
      [
        { type: 'header', text: plain(reason) },
        { type: 'section', text: mrkdwn(`*Reason:* ${reason}`), fields: [plain(reason), mrkdwn(reason)] },
        { type: 'context', elements: [mrkdwn(reason), { type: 'image', alt_text: reason, image_url: 'x' }] },
        {
          type: 'actions',
          block_id: reason,
          elements: [
            {
              type: 'button',
              action_id: reason,
              value: reason,
              url: `https://x.test/${reason}`,
              accessibility_label: reason,
              text: plain(reason),
              confirm: { title: plain(reason), text: mrkdwn(reason), confirm: plain(reason), deny: plain(reason) },
            },
          ],
        },
      ],
      names,
    );
    expect(htmlShape(html)).toEqual({
      tags: ['button', 'dialog', 'div', 'form', 'h2', 'span', 'strong'],
      attributes: ['aria-label', 'class', 'data-button', 'data-url', 'method', 'role', 'type', 'value'],
    });
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('falls back to the message text as mrkdwn when there are no blocks, as Slack does', () => {
    expect(messageBodyHtml({ text: 'R-7K2F9Q *approved*' }, names)).toBe('R-7K2F9Q <strong>approved</strong>');
    expect(messageBodyHtml({ text: 'fallback', blocks: [] }, names)).toBe('fallback');
    expect(messageBodyHtml({ text: 'fallback', blocks: [{ type: 'divider' }] }, names)).toBe('<hr class="bk-divider">');
  });
});
