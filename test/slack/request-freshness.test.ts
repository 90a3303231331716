import { describe, expect, it } from 'vitest';
import { isFutureSlackTimestamp } from '../../src/slack/request-freshness.js';

const NOW_MS = 1531420618_000;

describe('isFutureSlackTimestamp', () => {
  it('accepts Slack’s own example at its own time and up to 5 minutes ahead of the clock', () => {
    expect(isFutureSlackTimestamp('1531420618', NOW_MS)).toBe(false);
    expect(isFutureSlackTimestamp(String(1531420618 + 300), NOW_MS)).toBe(false);
  });

  it('refuses a timestamp more than 5 minutes ahead, which Bolt would let through', () => {
    expect(isFutureSlackTimestamp(String(1531420618 + 301), NOW_MS)).toBe(true);
    expect(isFutureSlackTimestamp(String(1531420618 + 86_400), NOW_MS)).toBe(true);
  });

  it('leaves missing, repeated and unreadable headers to Bolt, which refuses them', () => {
    expect(isFutureSlackTimestamp(undefined, NOW_MS)).toBe(false);
    expect(isFutureSlackTimestamp(['1531420618', '1531420619'], NOW_MS)).toBe(false);
    expect(isFutureSlackTimestamp('soon', NOW_MS)).toBe(false);
  });
});
