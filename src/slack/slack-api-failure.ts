import { z } from 'zod';

/**
 * What went wrong with a Web API call, read from @slack/web-api v8's errors
 * (reference/slack.md §5.3): a 429 with Retry-After (only with
 * `rejectRateLimitedCalls`), a transport failure or a 5xx (the call may be tried again),
 * or Slack's `{ ok: false, error }`, which is final except for Slack's own outages.
 */
export type SlackApiFailure =
  | { kind: 'rate-limited'; retryAfterMs: number; reason: string }
  | { kind: 'transient'; reason: string }
  | { kind: 'permanent'; reason: string };

/** `ok: false` codes that mean Slack itself had a problem (docs.slack.dev/reference/methods/chat.postMessage#errors). */
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

const slackErrorShape = z.looseObject({
  code: z.string(),
  retryAfter: z.number().optional(),
  statusCode: z.number().optional(),
  data: z.looseObject({ error: z.string().optional() }).optional(),
});

export function classifySlackFailure(error: unknown): SlackApiFailure {
  const parsed = slackErrorShape.safeParse(error);
  if (!parsed.success) return { kind: 'permanent', reason: error instanceof Error ? error.message : String(error) };
  const { code, retryAfter, statusCode, data } = parsed.data;
  switch (code) {
    case 'slack_webapi_rate_limited_error':
      return { kind: 'rate-limited', retryAfterMs: Math.max(0, retryAfter ?? 1) * 1000, reason: `rate limited (Retry-After ${retryAfter ?? '?'} s)` };
    case 'slack_webapi_request_error':
      return { kind: 'transient', reason: 'Slack could not be reached' };
    case 'slack_webapi_http_error':
      return statusCode !== undefined && statusCode >= 500
        ? { kind: 'transient', reason: `HTTP ${statusCode}` }
        : { kind: 'permanent', reason: `HTTP ${statusCode ?? '?'}` };
    case 'slack_webapi_platform_error': {
      const reason = data?.error ?? 'unknown_error';
      return TRANSIENT_PLATFORM_ERRORS.has(reason) ? { kind: 'transient', reason } : { kind: 'permanent', reason };
    }
    default:
      return { kind: 'permanent', reason: code };
  }
}

/** Slack's error code of a failed call (`not_in_channel`), or a short description; never a token. */
export function slackFailureReason(error: unknown): string {
  return classifySlackFailure(error).reason;
}
