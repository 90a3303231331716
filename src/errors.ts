/**
 * The error family, in the style of bolt-js: every error we raise on purpose is a
 * `CodedError` with a stable string `code`, a `userMessage` that tells a person what
 * happened and what to do, and (optionally) the technical `cause` for logs and audit.
 * Anything else that is thrown is wrapped by `asCodedError` so that one sink can
 * handle every failure the same way and never shows a raw stack trace to a user.
 */

export const ErrorCode = {
  Config: 'eipbot_config_error',
  Usage: 'eipbot_usage_error',
  Provider: 'eipbot_provider_error',
  WaitTimeout: 'eipbot_wait_timeout',
  IllegalTransition: 'eipbot_illegal_transition',
  Policy: 'eipbot_policy_refusal',
  NotFound: 'eipbot_not_found',
  StateChanged: 'eipbot_state_changed',
  Store: 'eipbot_store_error',
  Audit: 'eipbot_audit_error',
  Unknown: 'eipbot_unknown_error',
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface CodedError extends Error {
  readonly code: string;
  /** What a user reads: what happened and what to do about it. Never contains secrets or raw provider bodies. */
  readonly userMessage: string;
}

export interface EipbotErrorOptions {
  /** The technical cause (provider code, request id, underlying error), for logs and audit. */
  cause?: unknown;
  /** A technical detail line for logs; defaults to the user message. */
  detail?: string;
}

export class EipbotError extends Error implements CodedError {
  readonly code: string;
  readonly userMessage: string;

  constructor(code: string, userMessage: string, options: EipbotErrorOptions = {}) {
    super(options.detail ?? userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.userMessage = userMessage;
  }
}

/** One problem found in a configuration file, with its path in the file. */
export interface ConfigProblem {
  path: string;
  message: string;
}

export class ConfigError extends EipbotError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options: EipbotErrorOptions = {}) {
    super(ErrorCode.Config, problems.map(formatProblem).join('\n'), options);
    this.problems = problems;
  }
}

export function formatProblem(problem: ConfigProblem): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

/** A malformed command or CLI invocation: the message says what is wrong and shows the usage. */
export class UsageError extends EipbotError {
  constructor(userMessage: string, options: EipbotErrorOptions = {}) {
    super(ErrorCode.Usage, userMessage, options);
  }
}

export class NotFoundError extends EipbotError {
  constructor(userMessage: string, options: EipbotErrorOptions = {}) {
    super(ErrorCode.NotFound, userMessage, options);
  }
}

export class StoreError extends EipbotError {
  constructor(userMessage: string, options: EipbotErrorOptions = {}) {
    super(ErrorCode.Store, userMessage, options);
  }
}

export function isCodedError(value: unknown): value is CodedError {
  return (
    value instanceof Error &&
    typeof (value as Partial<CodedError>).code === 'string' &&
    typeof (value as Partial<CodedError>).userMessage === 'string'
  );
}

/** Wraps anything thrown into a CodedError; known errors pass through unchanged. */
export function asCodedError(value: unknown): CodedError {
  if (isCodedError(value)) return value;
  const detail = value instanceof Error ? value.message : String(value);
  return new EipbotError(ErrorCode.Unknown, 'Something unexpected went wrong inside eipbot; the details are in its log.', {
    cause: value,
    detail,
  });
}
