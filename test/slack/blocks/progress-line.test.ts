import { describe, expect, it } from 'vitest';
import { progressLine } from '../../../src/slack/blocks/progress-line.js';

describe('progress lines for the card thread', () => {
  it('shows a finished step with its outcome and duration', () => {
    expect(
      progressLine({
        type: 'step',
        outcome: { label: 'unbind 203.0.113.10', ok: false, message: 'Tencent refused: <b>busy</b>', requestIds: ['r1'], durationMs: 2_300 },
      }),
    ).toBe(':x: unbind 203.0.113.10: Tencent refused: &lt;b&gt;busy&lt;/b&gt; (2.3 s)');
  });

  it('shows a failed provider call with its code and HTTP status, and whether it is retried', () => {
    expect(
      progressLine({
        type: 'provider',
        step: 'unbind 203.0.113.10',
        event: { type: 'call', operation: 'DisassociateAddress', attempt: 2, outcome: 'error', durationMs: 40, httpStatus: 500, code: 'InternalError', message: 'internal error', willRetry: true },
      }),
    ).toBe(':warning: unbind 203.0.113.10: DisassociateAddress failed (attempt 2, InternalError, HTTP 500): internal error; retrying');
  });

  it('shows a throttled call', () => {
    expect(
      progressLine({
        type: 'provider',
        step: 'bind 203.0.113.20',
        event: { type: 'call', operation: 'AssociateAddress', attempt: 1, outcome: 'throttled', durationMs: 5, willRetry: true },
      }),
    ).toBe(':hourglass: bind 203.0.113.20: AssociateAddress was throttled by the cloud (attempt 1); retrying');
  });

  it('shows each status seen while waiting, and the final one', () => {
    expect(
      progressLine({ type: 'provider', step: 'unbind 203.0.113.10', event: { type: 'wait', what: 'eip-web00001', status: 'UNBINDING', elapsedMs: 300, done: false } }),
    ).toBe(':mag: unbind 203.0.113.10: eip-web00001 is UNBINDING after 300 ms');
    expect(
      progressLine({ type: 'provider', step: 'unbind 203.0.113.10', event: { type: 'wait', what: 'eip-web00001', status: 'UNBIND', elapsedMs: 1_200, done: true } }),
    ).toBe(':white_check_mark: unbind 203.0.113.10: eip-web00001 is UNBIND after 1.2 s');
  });
});
