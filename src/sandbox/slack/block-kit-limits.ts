import { z } from 'zod';

/**
 * The Block Kit limits Slack enforces on a message (reference/slack.md §4, from
 * @slack/types and docs.slack.dev/reference/block-kit), so that a test against the
 * fake fails where Slack would answer `invalid_blocks`. Unknown fields and block types
 * pass: Slack has many more than eipbot uses, and the fake checks limits, not taste.
 */

const LIMITS = {
  blocksPerMessage: 50,
  blockId: 255,
  actionId: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  accessibilityLabel: 75,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

const textObject = (max: number) =>
  z.looseObject({ type: z.enum(['plain_text', 'mrkdwn']), text: z.string().min(1).max(max) });
const plainText = (max: number) => z.looseObject({ type: z.literal('plain_text'), text: z.string().min(1).max(max) });

const confirmDialog = z.looseObject({
  title: plainText(LIMITS.confirmTitle),
  text: textObject(LIMITS.confirmText),
  confirm: plainText(LIMITS.confirmButton),
  deny: plainText(LIMITS.confirmButton),
  style: z.enum(['primary', 'danger']).optional(),
});

const actionId = z.string().min(1).max(LIMITS.actionId);

const button = z.looseObject({
  type: z.literal('button'),
  text: plainText(LIMITS.buttonText),
  action_id: actionId.optional(),
  value: z.string().max(LIMITS.buttonValue).optional(),
  url: z.string().max(LIMITS.buttonUrl).optional(),
  style: z.enum(['primary', 'danger']).optional(),
  confirm: confirmDialog.optional(),
  accessibility_label: z.string().max(LIMITS.accessibilityLabel).optional(),
});

const otherElement = z.looseObject({ action_id: actionId.optional() });

/** Any interactive element: buttons checked in full, the others for their action_id. */
const element = z.looseObject({ type: z.string().min(1) }).superRefine((value, ctx) => {
  const checked = (value.type === 'button' ? button : otherElement).safeParse(value);
  // Re-raised as they are, so the limit and its path reach describeIssue intact.
  if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
});

const blockId = z.string().min(1).max(LIMITS.blockId).optional();

const BLOCKS: Record<string, z.ZodType> = {
  section: z
    .looseObject({
      type: z.literal('section'),
      block_id: blockId,
      text: textObject(LIMITS.sectionText).optional(),
      fields: z.array(textObject(LIMITS.sectionFieldText)).min(1).max(LIMITS.sectionFields).optional(),
      accessory: element.optional(),
    })
    .refine((block) => block.text !== undefined || block.fields !== undefined, { error: 'must provide text or fields' }),
  actions: z.looseObject({
    type: z.literal('actions'),
    block_id: blockId,
    elements: z.array(element).min(1).max(LIMITS.actionsElements),
  }),
  context: z.looseObject({
    type: z.literal('context'),
    block_id: blockId,
    elements: z.array(z.looseObject({ type: z.string() })).min(1).max(LIMITS.contextElements),
  }),
  header: z.looseObject({ type: z.literal('header'), block_id: blockId, text: plainText(LIMITS.headerText) }),
};

const anyBlock = z.looseObject({ type: z.string().min(1), block_id: blockId });

/** Slack's wording: "must be less than 51 items [json-pointer:/blocks]". */
function describeIssue(issue: z.core.$ZodIssue, prefix: string): string {
  const pointer = `${prefix}${issue.path.map((part) => `/${String(part)}`).join('')}`;
  let what = issue.message;
  if (issue.code === 'too_big') {
    what = `must be less than ${Number(issue.maximum) + 1} ${issue.origin === 'array' ? 'items' : 'characters'}`;
  } else if (issue.code === 'too_small') {
    what = `must be more than ${Number(issue.minimum) - 1} ${issue.origin === 'array' ? 'items' : 'characters'}`;
  }
  return `${what} [json-pointer:${pointer}]`;
}

/** Every limit the blocks break, in Slack's words; empty when Slack would accept them. */
export function findBlockKitViolations(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ['must be an array [json-pointer:/blocks]'];
  const problems: string[] = [];
  if (blocks.length > LIMITS.blocksPerMessage) {
    problems.push(`must be less than ${LIMITS.blocksPerMessage + 1} items [json-pointer:/blocks]`);
  }
  const blockIds = new Set<string>();
  blocks.forEach((block: unknown, index) => {
    const prefix = `/blocks/${index}`;
    const type = (block as { type?: unknown } | null)?.type;
    const schema = (typeof type === 'string' ? BLOCKS[type] : undefined) ?? anyBlock;
    const checked = schema.safeParse(block);
    if (!checked.success) problems.push(...checked.error.issues.map((issue) => describeIssue(issue, prefix)));
    const base = anyBlock.safeParse(block);
    if (!base.success) return;
    const id = base.data.block_id;
    if (id !== undefined) {
      if (blockIds.has(id)) problems.push(`block_id must be unique within a message [json-pointer:${prefix}/block_id]`);
      blockIds.add(id);
    }
    if (base.data.type === 'actions' && Array.isArray(base.data.elements)) {
      const actionIds = new Set<string>();
      base.data.elements.forEach((item: unknown, position) => {
        const id = (item as { action_id?: unknown } | null)?.action_id;
        if (typeof id !== 'string') return;
        if (actionIds.has(id)) problems.push(`action_id must be unique within a block [json-pointer:${prefix}/elements/${position}/action_id]`);
        actionIds.add(id);
      });
    }
  });
  return problems;
}
