import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

/** Slack's replay window: a request more than 5 minutes from now, either way, is refused (reference/slack.md §1.1). */
export const SLACK_TIMESTAMP_WINDOW_SECONDS = 300;

/**
 * Bolt refuses a signed request whose timestamp is more than 5 minutes old, but not one
 * dated in the future (reference/slack.md §1.4: verified with a timestamp an hour
 * ahead), so a captured request signed with a future timestamp could be replayed for as
 * long as its date lies ahead. This check runs before Bolt's and rejects those; Bolt
 * still checks the signature and the past side. Missing or unreadable headers are left
 * to Bolt, which refuses them with the same 401.
 */
export function isFutureSlackTimestamp(header: string | string[] | undefined, nowMs: number): boolean {
  if (typeof header !== 'string' || !/^\d+$/.test(header.trim())) return false;
  return Number(header) > Math.floor(nowMs / 1000) + SLACK_TIMESTAMP_WINDOW_SECONDS;
}

/** Wraps Bolt's request listener: future-dated requests get 401 with an empty body, as Bolt answers its own refusals. */
export function rejectFutureTimestamps(listener: RequestListener, clock: Clock, logger: Logger): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    if (isFutureSlackTimestamp(request.headers['x-slack-request-timestamp'], clock.now())) {
      logger.warn({ timestamp: request.headers['x-slack-request-timestamp'] }, 'refused a Slack request dated more than 5 minutes in the future');
      response.writeHead(401);
      response.end();
      return;
    }
    listener(request, response);
  };
}
