import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { SlackMethodError, type SlackWorkspace } from './slack-workspace.js';

/**
 * `response_url` semantics (reference/slack.md §2.4, docs.slack.dev/interactivity/
 * handling-user-interaction): each URL belongs to one user in one channel and, for a
 * click, to the message clicked; it works 5 times within 30 minutes; replies are
 * ephemeral unless `response_type: in_channel`; `replace_original` / `delete_original`
 * act on the clicked message and never turn an ephemeral message into a public one.
 */

export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

/** The message an interaction came from; absent for a slash command. */
export interface ResponseUrlSource {
  ts: string;
  ephemeral: boolean;
}

export interface ResponseUrlGrant {
  channel: string;
  user: string;
  source?: ResponseUrlSource;
}

interface ResponseUrlState extends ResponseUrlGrant {
  uses: number;
  createdAt: number;
  /** The latest ephemeral reply it posted: what `replace_original` replaces after a slash command. */
  lastEphemeralTs?: string;
}

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

export const responsePayloadSchema = z.looseObject({
  text: z.string().optional(),
  blocks: z.array(z.unknown()).optional(),
  response_type: z.enum(['ephemeral', 'in_channel']).optional(),
  replace_original: flag.optional(),
  delete_original: flag.optional(),
  thread_ts: z.string().optional(),
});

export type ResponsePayload = z.output<typeof responsePayloadSchema>;

export class ResponseUrls {
  readonly #states = new Map<string, ResponseUrlState>();
  #counter = 0;

  constructor(
    private readonly workspace: SlackWorkspace,
    private readonly clock: Clock,
  ) {}

  /** A new URL id for an interaction; the fake serves it at `/response/<id>`. */
  grant(grant: ResponseUrlGrant): string {
    this.#counter += 1;
    const id = `R${String(this.#counter).padStart(6, '0')}`;
    this.#states.set(id, { ...grant, uses: 0, createdAt: this.clock.now() });
    return id;
  }

  respond(id: string, payload: ResponsePayload): void {
    const state = this.#states.get(id);
    if (state === undefined || this.clock.now() - state.createdAt > RESPONSE_URL_LIFETIME_MS) {
      throw new SlackMethodError('expired_url', 404);
    }
    if (state.uses >= RESPONSE_URL_MAX_USES) throw new SlackMethodError('used_url', 404);
    const hasContent = payload.text !== undefined || payload.blocks !== undefined;
    if (!hasContent && payload.delete_original !== true) throw new SlackMethodError('no_text', 400);
    state.uses += 1;
    const content = { text: payload.text ?? '', ...(payload.blocks === undefined ? {} : { blocks: payload.blocks }) };

    if (payload.delete_original === true) {
      const original = state.source ?? (state.lastEphemeralTs === undefined ? undefined : { ts: state.lastEphemeralTs, ephemeral: true });
      if (original === undefined) throw new SlackMethodError('message_not_found', 404);
      if (original.ephemeral) this.workspace.deleteEphemeral(state.channel, original.ts);
      else this.workspace.delete(state.channel, original.ts);
      if (hasContent) this.#post(state, payload, content);
      return;
    }

    // After a click on a channel message an in_channel reply replaces that message unless
    // replace_original is false: Slack's docs warn "or you'll overwrite the message".
    const replace =
      payload.replace_original ?? (state.source !== undefined && !state.source.ephemeral && payload.response_type === 'in_channel');
    if (replace) {
      if (state.source !== undefined && !state.source.ephemeral) {
        // Without blocks the replacement is text only, as with chat.update.
        this.workspace.update(state.channel, state.source.ts, content);
        return;
      }
      const ephemeralTs = state.source?.ts ?? state.lastEphemeralTs;
      if (ephemeralTs !== undefined) {
        this.workspace.replaceEphemeral(state.channel, ephemeralTs, content);
        return;
      }
    }
    this.#post(state, payload, content);
  }

  #post(state: ResponseUrlState, payload: ResponsePayload, content: { text: string; blocks?: unknown[] }): void {
    if (payload.response_type === 'in_channel') {
      this.workspace.post(state.channel, content, payload.thread_ts === undefined ? {} : { threadTs: payload.thread_ts });
      return;
    }
    state.lastEphemeralTs = this.workspace.postEphemeral(state.channel, state.user, content, payload.thread_ts).ts;
  }
}
