import type { RecordedCall } from '../slack/web-api-fake.js';
import type { FakeEphemeral, FakeMessage } from '../slack/slack-workspace.js';
import { messageBodyHtml } from './block-kit-html.js';
import type { SlackNames } from './mrkdwn-html.js';

/**
 * What the page receives: the fake's messages as they are (the page shows their raw
 * JSON on request) plus their body already drawn as safe HTML, and the console's own
 * notes — the command a person ran and Slack's own error lines — which Slack keeps
 * outside the conversation.
 */

export type ConsoleMessage = FakeMessage & { html: string };
export type ConsoleEphemeral = FakeEphemeral & { html: string };

export interface ConsoleNote {
  id: number;
  channel: string;
  /** The one person who sees it. */
  user: string;
  /** When it was written (ms), to place it among the messages. */
  at: number;
  threadTs?: string;
  /** `command`: what the person ran; `slackbot`: Slack telling them something went wrong. */
  kind: 'command' | 'slackbot';
  text: string;
  /** What went wrong, in the sandbox's words, for a developer reading along. */
  detail?: string;
}

export type ConsoleEvent =
  | { type: 'message'; change: 'posted' | 'updated' | 'deleted'; message: ConsoleMessage }
  | { type: 'ephemeral'; change: 'posted' | 'replaced' | 'deleted'; message: ConsoleEphemeral }
  | { type: 'note'; note: ConsoleNote }
  | { type: 'call'; call: RecordedCall };

export interface ConsoleSnapshot {
  messages: ConsoleMessage[];
  ephemerals: ConsoleEphemeral[];
  notes: ConsoleNote[];
  calls: RecordedCall[];
}

export function viewMessage(message: FakeMessage, names: SlackNames): ConsoleMessage {
  return { ...message, html: message.deleted ? '' : messageBodyHtml(message, names) };
}

export function viewEphemeral(message: FakeEphemeral, names: SlackNames): ConsoleEphemeral {
  return { ...message, html: message.deleted ? '' : messageBodyHtml(message, names) };
}
