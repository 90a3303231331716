import { z } from 'zod';
import type { BlockActionInput } from '../slack/signed-request.js';

const buttonSchema = z.looseObject({
  type: z.literal('button'),
  action_id: z.string().optional(),
  value: z.string().optional(),
  style: z.string().optional(),
  url: z.string().optional(),
  text: z.looseObject({ text: z.string() }),
});

const blockSchema = z.looseObject({
  block_id: z.string().optional(),
  elements: z.array(z.unknown()).optional(),
  accessory: z.unknown().optional(),
});

/**
 * The button at `block:element` (or `block:accessory`) of a message, as a click reports
 * it in `actions[0]`. Read from the message the workspace holds, never from the page,
 * so a click sends exactly what the bot put there. Slack fills in a `block_id` or
 * `action_id` the bot left out with one of its own; any id stable per position does here.
 */
export function clickedButton(blocks: readonly unknown[] | undefined, position: string): BlockActionInput['action'] | undefined {
  const [blockPart, elementPart] = position.split(':');
  const blockIndex = Number(blockPart);
  const block = blockSchema.safeParse(blocks?.[blockIndex]);
  if (!block.success || elementPart === undefined) return undefined;
  const raw = elementPart === 'accessory' ? block.data.accessory : block.data.elements?.[Number(elementPart)];
  const button = buttonSchema.safeParse(raw);
  if (!button.success) return undefined;
  return {
    actionId: button.data.action_id ?? `sandbox-${blockIndex}-${elementPart}`,
    blockId: block.data.block_id ?? `sandbox-block-${blockIndex}`,
    ...(button.data.value === undefined ? {} : { value: button.data.value }),
    text: button.data.text.text,
    ...(button.data.style === undefined ? {} : { style: button.data.style }),
  };
}
