import type { RespondFn, webApi } from '@slack/bolt';
import { z } from 'zod';
import { normalizeRequestId } from '../../requests/request-id.js';

/**
 * The parts of a `block_actions` payload a click needs (reference/slack.md §3.1). Bolt
 * types the body but does not check it; a payload without a user or a request id in
 * the button value is answered, never trusted.
 */
const clickSchema = z.looseObject({
  user: z.looseObject({ id: z.string().min(1) }),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional() })).min(1),
  channel: z.looseObject({ id: z.string().min(1) }).nullish(),
  container: z
    .looseObject({
      type: z.string().optional(),
      channel_id: z.string().min(1).optional(),
      message_ts: z.string().min(1).optional(),
      is_ephemeral: z.boolean().optional(),
    })
    .nullish(),
});

export interface Click {
  user: string;
  requestId: string;
  actionId: string;
  channel?: string;
  /** The channel message the button is on, when it is one (not an ephemeral reply). */
  message?: { channel: string; ts: string };
}

export type ReadClick = { ok: true; click: Click } | { ok: false; problem: string; user?: string; channel?: string };

/** Who clicked which button about which request; or what is wrong with the payload. */
export function readClick(body: unknown): ReadClick {
  const parsed = clickSchema.safeParse(body);
  if (!parsed.success) {
    const loose = z.looseObject({ user: z.looseObject({ id: z.string() }).optional() }).safeParse(body);
    return { ok: false, problem: 'the click arrived without the fields Slack always sends', user: loose.success ? loose.data.user?.id : undefined };
  }
  const { user, actions, channel, container } = parsed.data;
  const action = actions[0] as (typeof actions)[number];
  const channelId = channel?.id ?? container?.channel_id;
  const requestId = action.value === undefined ? undefined : normalizeRequestId(action.value);
  if (requestId === undefined) {
    return { ok: false, problem: 'the button does not name a change request', user: user.id, channel: channelId };
  }
  const message =
    container?.type === 'message' && container.is_ephemeral !== true && container.message_ts !== undefined && channelId !== undefined
      ? { channel: channelId, ts: container.message_ts }
      : undefined;
  return {
    ok: true,
    click: {
      user: user.id,
      requestId,
      actionId: action.action_id,
      ...(channelId === undefined ? {} : { channel: channelId }),
      ...(message === undefined ? {} : { message }),
    },
  };
}

/** What a button listener receives from Bolt (a subset, so tests can build it). */
export interface ClickListenerArgs {
  ack: () => Promise<void>;
  body: unknown;
  /** Present when the payload has a response_url. */
  respond?: RespondFn;
  client: webApi.WebClient;
}
