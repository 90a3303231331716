import { EipbotError, ErrorCode, type EipbotErrorOptions } from '../errors.js';

/** The audit log could not be written or read; the message says what to check. */
export class AuditError extends EipbotError {
  constructor(userMessage: string, options: EipbotErrorOptions = {}) {
    super(ErrorCode.Audit, userMessage, options);
  }
}
