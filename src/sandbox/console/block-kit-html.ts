import { z } from 'zod';
import { escapeHtml } from './html-escape.js';
import { mrkdwnToHtml, plainTextToHtml, type SlackNames } from './mrkdwn-html.js';

/**
 * A message's Block Kit JSON drawn as Slack draws it: header, section (text, fields,
 * accessory), context, divider, image, and actions with buttons — their style and
 * their confirmation dialog (a native <dialog>, opened by the page before the click
 * is sent). The blocks come from the bot and carry user input, so each one is parsed
 * here, and anything unknown or malformed is named in the message instead of dropped:
 * a developer sees what Slack would have refused to draw.
 *
 * Buttons carry their position (block index, element index or `accessory`), never
 * their payload: the console server reads the button back from the message it holds
 * and sends exactly that in the `block_actions` payload.
 */

const textObject = z.looseObject({
  type: z.enum(['plain_text', 'mrkdwn']),
  text: z.string(),
  emoji: z.boolean().optional(),
  verbatim: z.boolean().optional(),
});
type TextObject = z.output<typeof textObject>;

const confirmDialog = z.looseObject({
  title: textObject.optional(),
  text: textObject,
  confirm: textObject.optional(),
  deny: textObject.optional(),
  style: z.enum(['primary', 'danger']).optional(),
});
type ConfirmDialog = z.output<typeof confirmDialog>;

const button = z.looseObject({
  type: z.literal('button'),
  text: textObject,
  action_id: z.string().optional(),
  value: z.string().optional(),
  url: z.string().optional(),
  style: z.enum(['primary', 'danger']).optional(),
  confirm: confirmDialog.optional(),
  accessibility_label: z.string().optional(),
});
type Button = z.output<typeof button>;

const image = z.looseObject({ type: z.literal('image'), alt_text: z.string(), title: textObject.optional() });
const element = z.looseObject({ type: z.string() });

const blockSchemas = {
  header: z.looseObject({ type: z.literal('header'), text: textObject }),
  section: z
    .looseObject({
      type: z.literal('section'),
      text: textObject.optional(),
      fields: z.array(textObject).optional(),
      accessory: element.optional(),
    })
    .refine((block) => block.text !== undefined || block.fields !== undefined),
  context: z.looseObject({ type: z.literal('context'), elements: z.array(element) }),
  divider: z.looseObject({ type: z.literal('divider') }),
  actions: z.looseObject({ type: z.literal('actions'), elements: z.array(element) }),
  image,
};

type BlockType = keyof typeof blockSchemas;

function isBlockType(type: string): type is BlockType {
  return Object.hasOwn(blockSchemas, type);
}

function textHtml(text: TextObject, names: SlackNames): string {
  return text.type === 'mrkdwn' ? mrkdwnToHtml(text.text, names) : plainTextToHtml(text.text, text.emoji ?? true);
}

function notice(what: string): string {
  return `<div class="bk-unsupported">${escapeHtml(what)}</div>`;
}

function confirmHtml(confirm: ConfirmDialog, names: SlackNames): string {
  const label = (text: TextObject | undefined, fallback: string) => plainTextToHtml(text?.text ?? fallback);
  return (
    `<dialog class="bk-confirm">` +
    `<form method="dialog">` +
    `<h2 class="bk-confirm-title">${label(confirm.title, 'Are you sure?')}</h2>` +
    `<div class="bk-confirm-text">${textHtml(confirm.text, names)}</div>` +
    `<div class="bk-confirm-buttons">` +
    `<button class="bk-button" value="cancel">${label(confirm.deny, 'Cancel')}</button>` +
    `<button class="bk-button ${confirm.style ?? 'primary'}" value="confirm">${label(confirm.confirm, 'Yes')}</button>` +
    `</div></form></dialog>`
  );
}

/** Where a button sits, so that a click can name it: `2:0` (block 2, element 0) or `3:accessory`. */
function buttonHtml(given: Button, position: string, names: SlackNames): string {
  const style = given.style === undefined ? '' : ` ${given.style}`;
  const aria = given.accessibility_label === undefined ? '' : ` aria-label="${escapeHtml(given.accessibility_label)}"`;
  const url = given.url !== undefined && /^https?:\/\//i.test(given.url) ? ` data-url="${escapeHtml(given.url)}"` : '';
  return (
    `<span class="bk-button-wrap">` +
    `<button type="button" class="bk-button${style}" data-button="${escapeHtml(position)}"${url}${aria}>` +
    `${plainTextToHtml(given.text.text, given.text.emoji ?? true)}</button>` +
    (given.confirm === undefined ? '' : confirmHtml(given.confirm, names)) +
    `</span>`
  );
}

function imageHtml(alt: string, className: string): string {
  // The sandbox runs without internet and Slack would proxy the image: show what it is.
  return `<span class="${className}" role="img" aria-label="${escapeHtml(alt)}">🖼 ${escapeHtml(alt)}</span>`;
}

function interactiveHtml(raw: unknown, position: string, names: SlackNames): string {
  const parsed = button.safeParse(raw);
  if (parsed.success) return buttonHtml(parsed.data, position, names);
  const type = element.safeParse(raw);
  return notice(type.success ? `[${type.data.type}: not drawn by the sandbox]` : '[malformed element]');
}

function accessoryHtml(raw: unknown, position: string, names: SlackNames): string {
  const picture = image.safeParse(raw);
  return picture.success ? imageHtml(picture.data.alt_text, 'bk-accessory-image') : interactiveHtml(raw, position, names);
}

function contextElementHtml(raw: unknown, names: SlackNames): string {
  const text = textObject.safeParse(raw);
  if (text.success) return `<span class="bk-context-text">${textHtml(text.data, names)}</span>`;
  const picture = image.safeParse(raw);
  if (picture.success) return imageHtml(picture.data.alt_text, 'bk-context-image');
  return notice('[malformed context element]');
}

function blockHtml(raw: unknown, index: number, names: SlackNames): string {
  const type = element.safeParse(raw);
  if (!type.success) return notice(`[block ${index}: not a block]`);
  if (!isBlockType(type.data.type)) return notice(`[${type.data.type} block: not drawn by the sandbox]`);
  switch (type.data.type) {
    case 'header': {
      const parsed = blockSchemas.header.safeParse(raw);
      return parsed.success ? `<div class="bk-header">${plainTextToHtml(parsed.data.text.text)}</div>` : notice('[malformed header block]');
    }
    case 'section': {
      const parsed = blockSchemas.section.safeParse(raw);
      if (!parsed.success) return notice('[malformed section block]');
      const { text, fields, accessory } = parsed.data;
      const body =
        (text === undefined ? '' : `<div class="bk-section-text">${textHtml(text, names)}</div>`) +
        (fields === undefined
          ? ''
          : `<div class="bk-fields">${fields.map((field) => `<div class="bk-field">${textHtml(field, names)}</div>`).join('')}</div>`);
      const side =
        accessory === undefined
          ? ''
          : `<div class="bk-accessory">${accessoryHtml(accessory, `${index}:accessory`, names)}</div>`;
      return `<div class="bk-section"><div class="bk-section-body">${body}</div>${side}</div>`;
    }
    case 'context': {
      const parsed = blockSchemas.context.safeParse(raw);
      if (!parsed.success) return notice('[malformed context block]');
      return `<div class="bk-context">${parsed.data.elements.map((item) => contextElementHtml(item, names)).join('')}</div>`;
    }
    case 'divider':
      return '<hr class="bk-divider">';
    case 'actions': {
      const parsed = blockSchemas.actions.safeParse(raw);
      if (!parsed.success) return notice('[malformed actions block]');
      return `<div class="bk-actions">${parsed.data.elements.map((item, position) => interactiveHtml(item, `${index}:${position}`, names)).join('')}</div>`;
    }
    case 'image': {
      const parsed = blockSchemas.image.safeParse(raw);
      if (!parsed.success) return notice('[malformed image block]');
      const title = parsed.data.title === undefined ? '' : `<figcaption>${plainTextToHtml(parsed.data.title.text)}</figcaption>`;
      return `<figure class="bk-image">${imageHtml(parsed.data.alt_text, 'bk-image-placeholder')}${title}</figure>`;
    }
  }
}

/** Blocks as HTML, in order. */
export function blocksToHtml(blocks: readonly unknown[], names: SlackNames): string {
  return blocks.map((block, index) => blockHtml(block, index, names)).join('');
}

/** A message's body: its blocks when it has any, else its `text` as mrkdwn (as Slack falls back). */
export function messageBodyHtml(message: { text: string; blocks?: readonly unknown[] | undefined }, names: SlackNames): string {
  if (message.blocks !== undefined && message.blocks.length > 0) return blocksToHtml(message.blocks, names);
  return mrkdwnToHtml(message.text, names);
}
