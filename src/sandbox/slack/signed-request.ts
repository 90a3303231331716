import { createHash, createHmac } from 'node:crypto';
import { systemClock, type Clock } from '../../clock.js';
import type { Secret } from '../../config/secret.js';

/**
 * Builds what Slack sends to a bot in HTTP mode, signed as Slack signs it
 * (reference/slack.md §1–§3): slash-command bodies with every field of §2.2, and
 * `block_actions` bodies (`payload=` + JSON), both with the bare
 * `application/x-www-form-urlencoded` content type Bolt insists on (§1.4).
 * Used by tests and by the sandbox console, which plays Slack in a browser.
 */

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`, keyed by the signing secret as UTF-8 text. */
export function slackSignature(signingSecret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export interface BotResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface SlackRequestSignerOptions {
  signingSecret: Secret;
  clock?: Clock;
  team?: { id: string; domain: string };
  /** The app's id; when absent (as in Slack's signing example) `api_app_id` and `is_enterprise_install` are left out. */
  apiAppId?: string;
  /** The deprecated verification token Slack still sends; bots must not rely on it. */
  verificationToken?: string;
}

export interface SlashCommandInput {
  text: string;
  user: { id: string; name: string };
  channel: { id: string; name: string };
  responseUrl: string;
  command?: string;
  triggerId?: string;
  enterprise?: { id: string; name: string };
}

/** A message as the clicking user sees it (from the Slack fake). */
export interface ClickedMessage {
  ts: string;
  text: string;
  blocks?: unknown[];
  user?: string;
  botId?: string;
  threadTs?: string;
}

export interface BlockActionInput {
  user: { id: string; name: string };
  channel: { id: string; name: string };
  /** The message carrying the button; for an ephemeral message Slack sends its ts only. */
  message: ClickedMessage;
  isEphemeral?: boolean;
  responseUrl: string;
  action: { actionId: string; blockId: string; value?: string; text?: string; style?: string };
  triggerId?: string;
}

/** The button with this action_id (and value, when given) in a message's blocks, as a click would report it. */
export function findButton(
  blocks: unknown[] | undefined,
  actionId: string,
  value?: string,
): BlockActionInput['action'] | undefined {
  for (const [index, block] of (blocks ?? []).entries()) {
    const { block_id: givenBlockId, elements, accessory } = (block ?? {}) as { block_id?: string; elements?: unknown[]; accessory?: unknown };
    // Slack gives a block without a block_id one of its own; any stable id does here.
    const blockId = givenBlockId ?? `block-${index}`;
    for (const element of [...(elements ?? []), ...(accessory === undefined ? [] : [accessory])]) {
      const button = element as { type?: string; action_id?: string; value?: string; text?: { text?: string }; style?: string };
      if (button.type !== 'button' || button.action_id !== actionId || (value !== undefined && button.value !== value)) continue;
      return {
        actionId,
        blockId,
        ...(button.value === undefined ? {} : { value: button.value }),
        ...(button.text?.text === undefined ? {} : { text: button.text.text }),
        ...(button.style === undefined ? {} : { style: button.style }),
      };
    }
  }
  return undefined;
}

export class SlackRequestSigner {
  readonly #secret: Secret;
  readonly #clock: Clock;
  readonly #team: { id: string; domain: string };
  readonly #apiAppId: string | undefined;
  readonly #verificationToken: string;
  #triggers = 0;

  constructor(options: SlackRequestSignerOptions) {
    this.#secret = options.signingSecret;
    this.#clock = options.clock ?? systemClock;
    this.#team = options.team ?? { id: 'T0EIPBOT1', domain: 'eipbot-sandbox' };
    this.#apiAppId = options.apiAppId;
    this.#verificationToken = options.verificationToken ?? 'sandbox-verification-token';
  }

  /** Signs a body as Slack would at this clock's "now". */
  sign(body: string): SignedRequest {
    const timestamp = String(Math.floor(this.#clock.now() / 1000));
    return {
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(this.#secret.reveal(), timestamp, body),
      },
    };
  }

  /** Trigger ids look like Slack's (`<n>.<n>.<hex>`); they only need to be unique here. */
  #triggerId(): string {
    this.#triggers += 1;
    const hex = createHash('sha256').update(`${this.#team.id}:${this.#clock.now()}:${this.#triggers}`).digest('hex').slice(0, 32);
    return `${this.#triggers}.${Math.floor(this.#clock.now())}.${hex}`;
  }

  /** A slash command, its fields in the order of Slack's own example. */
  slashCommand(input: SlashCommandInput): SignedRequest {
    const fields: [string, string][] = [
      ['token', this.#verificationToken],
      ['team_id', this.#team.id],
      ['team_domain', this.#team.domain],
      ...(input.enterprise === undefined
        ? []
        : ([
            ['enterprise_id', input.enterprise.id],
            ['enterprise_name', input.enterprise.name],
          ] as [string, string][])),
      ['channel_id', input.channel.id],
      ['channel_name', input.channel.name],
      ['user_id', input.user.id],
      ['user_name', input.user.name],
      ['command', input.command ?? '/eip'],
      ['text', input.text],
      ['response_url', input.responseUrl],
      ['trigger_id', input.triggerId ?? this.#triggerId()],
      ...(this.#apiAppId === undefined
        ? []
        : ([
            ['api_app_id', this.#apiAppId],
            ['is_enterprise_install', 'false'],
          ] as [string, string][])),
    ];
    return this.sign(new URLSearchParams(fields).toString());
  }

  /** A click on a button, as the `block_actions` payload of a message (reference/slack.md §3.1). */
  blockAction(input: BlockActionInput): SignedRequest {
    const now = this.#clock.now();
    const payload = {
      type: 'block_actions',
      user: { id: input.user.id, username: input.user.name, name: input.user.name, team_id: this.#team.id },
      api_app_id: this.#apiAppId ?? 'A0EIPBOT1',
      token: this.#verificationToken,
      container: {
        type: 'message',
        message_ts: input.message.ts,
        channel_id: input.channel.id,
        is_ephemeral: input.isEphemeral === true,
        ...(input.message.threadTs === undefined ? {} : { thread_ts: input.message.threadTs }),
      },
      trigger_id: input.triggerId ?? this.#triggerId(),
      team: { id: this.#team.id, domain: this.#team.domain },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: input.channel.id, name: input.channel.name },
      // Clicks on an ephemeral message arrive without the message itself (§3.1).
      ...(input.isEphemeral === true
        ? {}
        : {
            message: {
              type: 'message',
              text: input.message.text,
              ts: input.message.ts,
              ...(input.message.user === undefined ? {} : { user: input.message.user }),
              ...(input.message.botId === undefined ? {} : { bot_id: input.message.botId }),
              ...(input.message.threadTs === undefined ? {} : { thread_ts: input.message.threadTs }),
              blocks: input.message.blocks ?? [],
              team: this.#team.id,
            },
          }),
      state: { values: {} },
      response_url: input.responseUrl,
      actions: [
        {
          type: 'button',
          action_id: input.action.actionId,
          block_id: input.action.blockId,
          ...(input.action.value === undefined ? {} : { value: input.action.value }),
          text: { type: 'plain_text', text: input.action.text ?? input.action.actionId, emoji: true },
          ...(input.action.style === undefined ? {} : { style: input.action.style }),
          action_ts: (now / 1000).toFixed(6),
        },
      ],
    };
    return this.sign(new URLSearchParams([['payload', JSON.stringify(payload)]]).toString());
  }

  /** POSTs a signed request to the bot (`http://…/slack/events`) and returns its answer. */
  async post(url: string, request: SignedRequest): Promise<BotResponse> {
    const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
  }
}
