import type { ResponsePayload } from '../slack/response-urls.js';
import { responsePayloadSchema } from '../slack/response-urls.js';
import type { SignedRequest } from '../slack/signed-request.js';

/**
 * Hands a signed request to the bot the way Slack does and reads the answer the way
 * Slack reads it (reference/slack.md §2.3, §3.3): the bot has 3000 ms to answer 200;
 * a slash command's 200 body, when there is one, is a reply (plain text, or a JSON
 * message with `response_type`); a click's body is ignored. Anything else is the error
 * Slack shows the person: `operation_timeout` when no answer came in time,
 * `dispatch_failed` when the bot could not be reached, and for an HTTP error the code
 * Slack reports for a 4xx (`http_client_error`, as seen in Netflix/dispatch#495) or,
 * for a 5xx, the status itself.
 */

/** Slack's deadline for the acknowledgement of a slash command or a click. */
export const SLACK_ACK_TIMEOUT_MS = 3_000;

export type DeliveryResult =
  | { delivered: true; status: 200; reply?: ResponsePayload }
  | { delivered: false; error: string; status?: number; detail: string };

function replyFrom(contentType: string, body: string): ResponsePayload | undefined {
  if (body.trim() === '') return undefined;
  if (contentType.split(';')[0]?.trim().toLowerCase() !== 'application/json') return { text: body };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { text: body };
  }
  const parsed = responsePayloadSchema.safeParse(json);
  return parsed.success ? parsed.data : { text: body };
}

export class SlackDelivery {
  constructor(
    private readonly eventsUrl: string,
    private readonly ackTimeoutMs = SLACK_ACK_TIMEOUT_MS,
  ) {}

  async deliver(request: SignedRequest, kind: 'command' | 'click'): Promise<DeliveryResult> {
    let response: Response;
    let body: string;
    try {
      response = await fetch(this.eventsUrl, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(this.ackTimeoutMs),
      });
      body = await response.text();
    } catch (error) {
      if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        return { delivered: false, error: 'operation_timeout', detail: `eipbot did not answer within ${this.ackTimeoutMs} ms` };
      }
      const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      return { delivered: false, error: 'dispatch_failed', detail: `eipbot could not be reached at ${this.eventsUrl} (${reason})` };
    }
    if (response.status !== 200) {
      const error = response.status >= 400 && response.status < 500 ? 'http_client_error' : `http_${response.status}`;
      return { delivered: false, error, status: response.status, detail: `eipbot answered HTTP ${response.status}` };
    }
    if (kind === 'click') return { delivered: true, status: 200 };
    const reply = replyFrom(response.headers.get('content-type') ?? '', body);
    return reply === undefined ? { delivered: true, status: 200 } : { delivered: true, status: 200, reply };
  }
}
