import { describe, expect, it } from 'vitest';
import { asCodedError, ConfigError, ErrorCode, isCodedError, UsageError } from '../src/errors.js';

describe('errors', () => {
  it('keeps a coded error as it is, with its user message', () => {
    const error = new UsageError('Unknown verb "unbnd". Try /eip help.');
    expect(isCodedError(error)).toBe(true);
    expect(asCodedError(error)).toBe(error);
    expect(error.code).toBe(ErrorCode.Usage);
  });

  it('wraps an unknown throwable without showing its message to the user', () => {
    const wrapped = asCodedError(new TypeError('cannot read properties of undefined (reading "x")'));
    expect(wrapped.code).toBe(ErrorCode.Unknown);
    expect(wrapped.userMessage).not.toContain('undefined');
    expect(wrapped.message).toContain('cannot read properties');
    expect(asCodedError('a string').message).toBe('a string');
  });

  it('lists every config problem with its path, one per line', () => {
    const error = new ConfigError([
      { path: 'accounts.hw.region', message: 'region is required' },
      { path: 'policy.approvals', message: 'must be at least 1' },
    ]);
    expect(error.userMessage).toBe('accounts.hw.region: region is required\npolicy.approvals: must be at least 1');
  });
});
