/**
 * The `action_id`s of eipbot's buttons. Every one has exactly one listener, because
 * Bolt runs every matching listener and a second `ack()` throws (reference/slack.md §3.2).
 */
export const ActionId = {
  approve: 'eip_approve',
  reject: 'eip_reject',
  cancel: 'eip_cancel',
  undo: 'eip_undo',
} as const;

export type ActionIdValue = (typeof ActionId)[keyof typeof ActionId];

export const KNOWN_ACTION_IDS: readonly string[] = Object.values(ActionId);
