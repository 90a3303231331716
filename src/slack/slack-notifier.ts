import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { ChangeRequest } from '../requests/change-request.js';
import type { RequestChange, RequestNotifier } from '../requests/request-notifier.js';
import { isFinalStatus } from '../requests/state-machine.js';
import type { WorkflowEvent } from '../workflows/workflow.js';
import type { SlackMessage } from './blocks/block-builders.js';
import { progressLine } from './blocks/progress-line.js';
import { planThreadMessages, requestCard, type AccountLabel } from './blocks/request-card.js';
import { resultMessage } from './blocks/result-message.js';
import { SlackChannelQueue } from './channel-queue.js';
import { ProgressThreads, type CardRef } from './progress-threads.js';
import { slackFailureReason } from './slack-api-failure.js';

/** Whether a request's card made it into the channel, for the requester's reply. */
export type CardOutcome = { posted: true; card: CardRef } | { posted: false; reason: string };

export interface SlackNotifierOptions {
  /** Built with `rejectRateLimitedCalls: true` and no retries of its own: the channel queue handles both. */
  client: webApi.WebClient;
  clock: Clock;
  logger: Logger;
  /** Provider, API and region of each account, as the cards name them. */
  accounts: Readonly<Record<string, AccountLabel>>;
  /** `audit.channel`: final results are posted there too. */
  auditChannel?: string;
  /** Records where a card was posted (`ChangeRequestService.setCard`), so every replica can update it. */
  saveCard(requestId: string, card: CardRef): Promise<void>;
  /** How long progress lines gather before they are written to the thread (default 2 s). */
  progressFlushMs?: number;
  /** 429 and retry limits of the per-channel queue. */
  queue?: { maxRateLimitWaits?: number; transientRetries?: number; transientBackoffMs?: number };
}

const postedMessage = z.looseObject({ ts: z.string(), channel: z.string().optional() });

interface Deferred {
  promise: Promise<CardOutcome>;
  resolve(outcome: CardOutcome): void;
}

function deferred(): Deferred {
  let resolve: (outcome: CardOutcome) => void = () => undefined;
  const promise = new Promise<CardOutcome>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/**
 * Tells Slack what happens to change requests (SPEC §5): the card is posted as a normal
 * channel message and redrawn in place on every change, progress goes to its thread,
 * and the final result is posted in the channel and the audit channel. Every write goes
 * through a per-channel queue that waits out 429s, so nothing is lost to a rate limit.
 * A Slack failure is logged at error level and never thrown: the engine's execution
 * must not stop or repeat because Slack is unwell.
 */
export class SlackNotifier implements RequestNotifier {
  readonly #options: SlackNotifierOptions;
  readonly #queue: SlackChannelQueue;
  readonly #progress: ProgressThreads;
  /** Cards this process posted, for updates that arrive before the request read back from the store carries one. */
  readonly #cards = new Map<string, CardRef>();
  readonly #cardOutcomes = new Map<string, Deferred>();

  constructor(options: SlackNotifierOptions) {
    this.#options = options;
    this.#queue = new SlackChannelQueue({ clock: options.clock, logger: options.logger, ...options.queue });
    this.#progress = new ProgressThreads({
      client: options.client,
      queue: this.#queue,
      clock: options.clock,
      logger: options.logger,
      flushDelayMs: options.progressFlushMs ?? 2_000,
    });
  }

  async changed(request: ChangeRequest, what: RequestChange): Promise<void> {
    const final = isFinalStatus(request.status);
    try {
      if (what === 'requested') {
        await this.#postCard(request);
        return;
      }
      if (this.#cardOf(request) === undefined) {
        // Its first post failed. Approvers need a card while it is open; a final one has no one left to act.
        if (!final) await this.#postCard(request);
        return;
      }
      if (final) await this.#progress.flush(request.id);
      await this.#updateCard(request);
    } catch (error) {
      this.#options.logger.error(
        { err: error, requestId: request.id, change: what, reason: slackFailureReason(error) },
        'could not show a change request on its Slack card',
      );
    } finally {
      if (final) {
        this.#cards.delete(request.id);
        this.#cardOutcomes.delete(request.id);
      }
    }
  }

  async progress(request: ChangeRequest, event: WorkflowEvent): Promise<void> {
    const card = this.#cardOf(request);
    if (card === undefined) {
      this.#options.logger.warn({ requestId: request.id }, 'a progress line has no card thread to go to; it is in the audit trail only');
      return;
    }
    this.#progress.add(request.id, card, progressLine(event));
  }

  async finished(request: ChangeRequest): Promise<void> {
    await this.#progress.close(request.id);
    const label = this.#options.accounts[request.account];
    const channel = request.channel.id;
    const { auditChannel } = this.#options;
    // Each channel has its own queue, so a rate limit in one does not hold up the other.
    await Promise.all([
      this.#post(request.id, channel, 'post result', resultMessage(request, label, { forAuditChannel: false })),
      auditChannel !== undefined && auditChannel !== channel
        ? this.#post(request.id, auditChannel, 'post result to the audit channel', resultMessage(request, label, { forAuditChannel: true }))
        : undefined,
    ]);
  }

  /**
   * Resolves once the card of a request made in this process is posted (or could not
   * be), or with `undefined` after `timeoutMs`.
   */
  async whenCardPosted(requestId: string, timeoutMs: number): Promise<CardOutcome | undefined> {
    const outcome = this.#outcome(requestId).promise;
    const timeout = new AbortController();
    try {
      return await Promise.race([outcome, this.#options.clock.sleep(timeoutMs, timeout.signal).then(() => undefined)]);
    } finally {
      timeout.abort();
      this.#cardOutcomes.delete(requestId);
    }
  }

  /** Resolves once every queued write has gone to Slack or been given up (shutdown). */
  async idle(): Promise<void> {
    await this.#progress.flushAll();
    await this.#queue.idle();
  }

  #cardOf(request: ChangeRequest): CardRef | undefined {
    return request.card ?? this.#cards.get(request.id);
  }

  #outcome(requestId: string): Deferred {
    let outcome = this.#cardOutcomes.get(requestId);
    if (outcome === undefined) {
      outcome = deferred();
      this.#cardOutcomes.set(requestId, outcome);
    }
    return outcome;
  }

  async #postCard(request: ChangeRequest): Promise<void> {
    const { client } = this.#options;
    const channel = request.channel.id;
    const message = requestCard(request, this.#options.accounts[request.account]);
    let card: CardRef;
    try {
      const posted = postedMessage.parse(
        await this.#queue.run(channel, 'post card', () =>
          client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false }),
        ),
      );
      card = { channel: posted.channel ?? channel, ts: posted.ts };
    } catch (error) {
      this.#outcome(request.id).resolve({ posted: false, reason: slackFailureReason(error) });
      throw error;
    }
    this.#cards.set(request.id, card);
    this.#outcome(request.id).resolve({ posted: true, card });
    try {
      await this.#options.saveCard(request.id, card);
    } catch (error) {
      this.#options.logger.error({ err: error, requestId: request.id }, 'the card is in Slack but its place could not be stored; other replicas cannot update it');
    }
    for (const part of planThreadMessages(request)) {
      await this.#post(request.id, card.channel, 'post plan', part, card.ts);
    }
  }

  async #updateCard(request: ChangeRequest): Promise<void> {
    const card = this.#cardOf(request) as CardRef;
    const message = requestCard(request, this.#options.accounts[request.account]);
    try {
      await this.#queue.run(card.channel, 'update card', () =>
        this.#options.client.chat.update({ channel: card.channel, ts: card.ts, text: message.text, blocks: message.blocks }),
      );
    } catch (error) {
      if (slackFailureReason(error) !== 'message_not_found') throw error;
      // Someone deleted the card: the request still needs one where approvers can see it.
      this.#options.logger.warn({ requestId: request.id }, 'the card was deleted in Slack; posting it again');
      await this.#postCard({ ...request, card: undefined });
    }
  }

  async #post(requestId: string, channel: string, what: string, message: SlackMessage, threadTs?: string): Promise<void> {
    const { client, logger } = this.#options;
    try {
      await this.#queue.run(channel, what, () =>
        client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
          ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
        }),
      );
    } catch (error) {
      logger.error({ err: error, requestId, channel, reason: slackFailureReason(error) }, `could not ${what} in Slack`);
    }
  }
}
