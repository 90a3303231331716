import { EipbotError, ErrorCode, type EipbotErrorOptions } from '../errors.js';
import type { ProviderName } from './provider.js';

/**
 * Cloud-neutral classes of provider failure. Providers map their own codes
 * (`VPC.0504`, `InvalidAddressId.NotFound`, …) onto these so workflows can decide
 * without knowing the cloud.
 */
export type ProviderErrorKind =
  | 'not_found'
  | 'conflict' // already bound elsewhere, port in use, wrong status
  | 'busy' // transient conflict: a task is running, resource busy
  | 'quota'
  | 'auth' // credentials, signature, clock skew, permissions
  | 'throttled'
  | 'invalid' // the request itself is wrong
  | 'unavailable' // 5xx, reset, timeout: the outcome is unknown
  | 'failed' // the provider says the operation failed (BIND_ERROR, task FAILED)
  | 'timeout' // our bounded wait ran out
  | 'unsupported';

export interface ProviderErrorDetails {
  kind: ProviderErrorKind;
  provider: ProviderName;
  operation: string;
  /** The provider's own code, e.g. `VPC.0510` or `OperationDenied.MutexTaskRunning`. */
  providerCode?: string;
  httpStatus?: number;
  requestId?: string;
  /** For waits: the last status seen. */
  lastStatus?: string;
}

export class ProviderError extends EipbotError {
  readonly kind: ProviderErrorKind;
  readonly provider: ProviderName;
  readonly operation: string;
  readonly providerCode?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly lastStatus?: string;

  constructor(details: ProviderErrorDetails, userMessage: string, options: EipbotErrorOptions = {}) {
    const technical = [
      `${details.provider} ${details.operation} failed (${details.kind})`,
      details.providerCode && `code ${details.providerCode}`,
      details.httpStatus !== undefined && `HTTP ${details.httpStatus}`,
      details.requestId && `request id ${details.requestId}`,
      details.lastStatus && `last status ${details.lastStatus}`,
    ]
      .filter(Boolean)
      .join(', ');
    super(details.kind === 'timeout' ? ErrorCode.WaitTimeout : ErrorCode.Provider, userMessage, {
      ...options,
      detail: options.detail ?? technical,
    });
    this.kind = details.kind;
    this.provider = details.provider;
    this.operation = details.operation;
    this.providerCode = details.providerCode;
    this.httpStatus = details.httpStatus;
    this.requestId = details.requestId;
    this.lastStatus = details.lastStatus;
  }

  /** An outcome-unknown failure: the write may or may not have been applied. */
  get ambiguous(): boolean {
    return this.kind === 'unavailable';
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}
