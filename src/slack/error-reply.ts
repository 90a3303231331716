import { asCodedError, ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { escapeKeepingMentions } from './blocks/mrkdwn.js';

/** Refusals and failures a user causes or can act on: they are answers, not incidents. */
const EXPECTED: ReadonlySet<string> = new Set([
  ErrorCode.Policy,
  ErrorCode.NotFound,
  ErrorCode.Usage,
  ErrorCode.IllegalTransition,
  ErrorCode.StateChanged,
  ErrorCode.Provider,
  ErrorCode.WaitTimeout,
]);

/**
 * The reply for anything a command or click threw: the error's user message (what
 * happened, what to do), never a stack trace or a provider's raw body. Unexpected
 * errors are logged at error level with their cause; the user reads the generic line.
 */
export function errorReply(error: unknown, logger: Logger, context: Record<string, unknown>): string {
  const coded = asCodedError(error);
  if (EXPECTED.has(coded.code)) logger.info({ ...context, code: coded.code, detail: coded.message }, 'refused or failed with an explanation');
  else logger.error({ ...context, err: error, code: coded.code }, 'a Slack interaction failed inside eipbot');
  return `:warning: ${escapeKeepingMentions(coded.userMessage)}`;
}
