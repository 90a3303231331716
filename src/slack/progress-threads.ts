import type { webApi } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { clip } from './blocks/mrkdwn.js';
import type { SlackChannelQueue } from './channel-queue.js';
import { slackFailureReason } from './slack-api-failure.js';

/** Below chat.update's 4,000-character limit on `text` (reference/slack.md §4), with room to spare. */
const MESSAGE_TEXT_LIMIT = 3_500;

export interface CardRef {
  channel: string;
  ts: string;
}

interface ThreadMessage {
  ts?: string;
  lines: string[];
}

interface Thread {
  card: CardRef;
  pending: string[];
  messages: ThreadMessage[];
  timer?: AbortController;
  writing: Promise<void>;
}

export interface ProgressThreadsOptions {
  client: webApi.WebClient;
  queue: SlackChannelQueue;
  clock: Clock;
  logger: Logger;
  /** How long lines gather before they are written: one write per window, however many lines. */
  flushDelayMs: number;
}

/**
 * The progress of an execution in its card's thread. Lines gather for a short window
 * and are then written together into one thread message, which is edited as lines
 * arrive until it is full; only then is a new one posted. An isolate of a hundred EIPs
 * therefore posts a handful of messages and edits them about once per window, instead
 * of hundreds of posts against chat.postMessage's one-per-second-per-channel limit.
 */
export class ProgressThreads {
  readonly #options: ProgressThreadsOptions;
  readonly #threads = new Map<string, Thread>();

  constructor(options: ProgressThreadsOptions) {
    this.#options = options;
  }

  /** Queues a line for the thread of `card`; it is written within the flush window. */
  add(requestId: string, card: CardRef, line: string): void {
    let thread = this.#threads.get(requestId);
    if (thread === undefined) {
      thread = { card, pending: [], messages: [], writing: Promise.resolve() };
      this.#threads.set(requestId, thread);
    }
    thread.pending.push(line);
    if (thread.timer !== undefined) return;
    const timer = new AbortController();
    thread.timer = timer;
    this.#options.clock.sleep(this.#options.flushDelayMs, timer.signal).then(
      () => this.#write(requestId),
      () => undefined,
    );
  }

  /** Writes every queued line now and resolves once they are in Slack (or given up). */
  async flush(requestId: string): Promise<void> {
    const thread = this.#threads.get(requestId);
    if (thread === undefined) return;
    thread.timer?.abort();
    await this.#write(requestId);
  }

  /** Flushes, then drops what is kept about the request's thread. */
  async close(requestId: string): Promise<void> {
    await this.flush(requestId);
    this.#threads.delete(requestId);
  }

  /** Flushes every thread (shutdown). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.#threads.keys()].map((id) => this.flush(id)));
  }

  #write(requestId: string): Promise<void> {
    const thread = this.#threads.get(requestId);
    if (thread === undefined) return Promise.resolve();
    thread.timer = undefined;
    // Writes of one thread follow each other, so a later flush never edits a message an earlier one is still posting.
    thread.writing = thread.writing.then(() => this.#writePending(requestId, thread));
    return thread.writing;
  }

  async #writePending(requestId: string, thread: Thread): Promise<void> {
    const lines = thread.pending.splice(0);
    if (lines.length === 0) return;
    const touched = new Set<ThreadMessage>();
    for (const line of lines) {
      let last = thread.messages.at(-1);
      if (last === undefined || [...last.lines, line].join('\n').length > MESSAGE_TEXT_LIMIT) {
        last = { lines: [] };
        thread.messages.push(last);
      }
      last.lines.push(clip(line, MESSAGE_TEXT_LIMIT));
      touched.add(last);
    }
    for (const message of touched) await this.#send(requestId, thread.card, message);
  }

  async #send(requestId: string, card: CardRef, message: ThreadMessage): Promise<void> {
    const { client, queue, logger } = this.#options;
    const text = message.lines.join('\n');
    try {
      if (message.ts === undefined) {
        const posted = await queue.run(card.channel, 'post progress', () =>
          client.chat.postMessage({ channel: card.channel, thread_ts: card.ts, text, unfurl_links: false, unfurl_media: false }),
        );
        if (typeof posted.ts === 'string') message.ts = posted.ts;
        return;
      }
      const ts = message.ts;
      await queue.run(card.channel, 'update progress', () => client.chat.update({ channel: card.channel, ts, text }));
    } catch (error) {
      logger.error({ err: error, requestId, reason: slackFailureReason(error) }, 'could not write execution progress to the card thread in Slack');
    }
  }
}
