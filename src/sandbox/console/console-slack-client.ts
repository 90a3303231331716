import type { Clock } from '../../clock.js';
import { NotFoundError, UsageError } from '../../errors.js';
import type { ResponsePayload } from '../slack/response-urls.js';
import type { SlackRequestSigner } from '../slack/signed-request.js';
import type { FakeChannel, FakeUser } from '../slack/slack-workspace.js';
import type { SlackWebApiFake } from '../slack/web-api-fake.js';
import { clickedButton } from './clicked-button.js';
import type { ConsoleNote } from './console-view.js';
import type { ClickRequest, ComposeRequest } from './page-requests.js';
import type { DeliveryResult, SlackDelivery } from './slack-delivery.js';

/**
 * The Slack client the console plays for each person: what typing in the composer and
 * clicking a button does in Slack. A slash command becomes the signed form post Slack
 * sends (with a `response_url` on the fake), its acknowledgement becomes the reply Slack
 * would show; a click becomes the signed `block_actions` payload of the message as the
 * fake holds it; a plain message is posted as the person. What Slack says on its own
 * (an unknown command, a bot that did not answer) becomes a note for that person.
 */

export type ComposeOutcome =
  | { kind: 'command'; result: DeliveryResult }
  | { kind: 'message'; ts: string }
  | { kind: 'refused'; note: ConsoleNote };

export interface ConsoleSlackClientOptions {
  slack: SlackWebApiFake;
  signer: SlackRequestSigner;
  delivery: SlackDelivery;
  clock: Clock;
  /** Called with each new note, for the event stream. */
  onNote: (note: ConsoleNote) => void;
}

/** Slack escapes these three in what people type, whatever `should_escape` says (reference/slack.md §2.2). */
function escapeForSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const SLASH_COMMAND = /^(\/\S+)(?:\s+([\s\S]*))?$/;

export class ConsoleSlackClient {
  readonly #options: ConsoleSlackClientOptions;
  readonly #notes: ConsoleNote[] = [];

  constructor(options: ConsoleSlackClientOptions) {
    this.#options = options;
  }

  notes(): ConsoleNote[] {
    return structuredClone(this.#notes);
  }

  async compose(request: ComposeRequest): Promise<ComposeOutcome> {
    const user = this.#person(request.user);
    const channel = this.#channel(request.channel);
    const command = SLASH_COMMAND.exec(request.text);
    if (command === null) {
      const posted = this.#options.slack.workspace.post(
        channel.id,
        { text: escapeForSlack(request.text) },
        { as: user.id, ...(request.threadTs === undefined ? {} : { threadTs: request.threadTs }) },
      );
      return { kind: 'message', ts: posted.ts };
    }
    const [, name = '', text = ''] = command;
    const where = { channel: channel.id, user: user.id, ...(request.threadTs === undefined ? {} : { threadTs: request.threadTs }) };
    // Both sentences are Slack's own answers in a client.
    if (request.threadTs !== undefined) {
      return { kind: 'refused', note: this.#note({ ...where, kind: 'slackbot', text: `${name} is not supported in threads. Sorry!` }) };
    }
    if (name.toLowerCase() !== '/eip') {
      const text = `${name} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`;
      return { kind: 'refused', note: this.#note({ ...where, kind: 'slackbot', text }) };
    }
    this.#note({ ...where, kind: 'command', text: request.text });
    const { slack, signer, delivery } = this.#options;
    const signed = signer.slashCommand({
      text: escapeForSlack(text),
      user: { id: user.id, name: user.name },
      channel: { id: channel.id, name: channel.name },
      responseUrl: slack.createResponseUrl({ channel: channel.id, user: user.id }),
    });
    const result = await delivery.deliver(signed, 'command');
    if (!result.delivered) {
      this.#note({ ...where, kind: 'slackbot', text: `/eip failed with the error "${result.error}"`, detail: result.detail });
    } else if (result.reply !== undefined) {
      this.#showReply(channel, user, `/eip ${text}`.trim(), result.reply);
    }
    return { kind: 'command', result };
  }

  async click(request: ClickRequest): Promise<DeliveryResult> {
    const user = this.#person(request.user);
    const channel = this.#channel(request.channel);
    const { workspace } = this.#options.slack;
    const message = request.ephemeral
      ? workspace.ephemerals({ user: user.id, channel: channel.id }).find((item) => item.ts === request.ts)
      : workspace.message(channel.id, request.ts);
    if (message === undefined || message.deleted) throw new NotFoundError('That message is no longer there.');
    const action = clickedButton(message.blocks, request.button);
    if (action === undefined) throw new UsageError(`The message has no button at ${request.button}.`);
    const signed = this.#options.signer.blockAction({
      user: { id: user.id, name: user.name },
      channel: { id: channel.id, name: channel.name },
      message: {
        ts: message.ts,
        text: message.text,
        ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
        // An ephemeral's `user` is its reader, not its author; Slack sends no message for it anyway.
        ...(request.ephemeral ? {} : { user: message.user }),
        ...('botId' in message && message.botId !== undefined ? { botId: message.botId } : {}),
        ...(message.threadTs === undefined ? {} : { threadTs: message.threadTs }),
      },
      isEphemeral: request.ephemeral,
      responseUrl: this.#options.slack.createResponseUrl({
        channel: channel.id,
        user: user.id,
        source: { ts: message.ts, ephemeral: request.ephemeral },
      }),
      action,
    });
    const result = await this.#options.delivery.deliver(signed, 'click');
    if (!result.delivered) {
      this.#note({
        channel: channel.id,
        user: user.id,
        ...(message.threadTs === undefined ? {} : { threadTs: message.threadTs }),
        kind: 'slackbot',
        text: `Your click on “${action.text ?? action.actionId}” did not go through: ${result.error}`,
        detail: result.detail,
      });
    }
    return result;
  }

  /** The 200 body of a slash command: ephemeral unless `in_channel`, which also shows the command as typed. */
  #showReply(channel: FakeChannel, user: FakeUser, typed: string, reply: ResponsePayload): void {
    const { workspace } = this.#options.slack;
    const content = { text: reply.text ?? '', ...(reply.blocks === undefined ? {} : { blocks: reply.blocks }) };
    if (reply.response_type === 'in_channel') {
      workspace.post(channel.id, { text: escapeForSlack(typed) }, { as: user.id });
      workspace.post(channel.id, content);
      return;
    }
    workspace.postEphemeral(channel.id, user.id, content);
  }

  #note(fields: Omit<ConsoleNote, 'id' | 'at'>): ConsoleNote {
    const note: ConsoleNote = { id: this.#notes.length + 1, at: this.#options.clock.now(), ...fields };
    this.#notes.push(note);
    this.#options.onNote(structuredClone(note));
    return note;
  }

  #person(id: string): FakeUser {
    const user = this.#options.slack.workspace.users().find((candidate) => candidate.id === id && !candidate.isBot);
    if (user === undefined) throw new NotFoundError(`There is no person ${id} in the sandbox workspace.`);
    return user;
  }

  #channel(id: string): FakeChannel {
    const channel = this.#options.slack.workspace.channels().find((candidate) => candidate.id === id);
    if (channel === undefined) throw new NotFoundError(`There is no channel ${id} in the sandbox workspace.`);
    return channel;
  }
}
