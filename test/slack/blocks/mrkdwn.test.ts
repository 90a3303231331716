import { describe, expect, it } from 'vitest';
import { clip, clipPlain, code, escapeKeepingMentions, escapeMrkdwn } from '../../../src/slack/blocks/mrkdwn.js';

describe('escapeMrkdwn', () => {
  it('shows a reason with <!channel> as text, so it notifies nobody', () => {
    expect(escapeMrkdwn('INC-42 <!channel> & <@U0BOSS001> <https://evil|click>')).toBe(
      'INC-42 &lt;!channel&gt; &amp; &lt;@U0BOSS001&gt; &lt;https://evil|click&gt;',
    );
  });

  it('leaves everything else as typed, emoji and quotes included', () => {
    expect(escapeMrkdwn('fail over “db-1” → standby :fire:')).toBe('fail over “db-1” → standby :fire:');
  });
});

describe('escapeKeepingMentions', () => {
  it('keeps the mentions, channel links and dates eipbot writes, and defuses broadcasts and links', () => {
    const text = 'ask <@U0ALICE01> or <!subteam^S0NETOPS1> in <#C0OPS0001> by <!date^1767614400^{time}|12:00 UTC>; <!here> <https://x.example|x>';
    expect(escapeKeepingMentions(text)).toBe(
      'ask <@U0ALICE01> or <!subteam^S0NETOPS1> in <#C0OPS0001> by <!date^1767614400^{time}|12:00 UTC>; &lt;!here&gt; &lt;https://x.example|x&gt;',
    );
  });

  it('escapes a quoted reason inside an engine sentence', () => {
    expect(escapeKeepingMentions('R-7K2F9Q was rejected by <@U0ALICE01>: "a <b> & c".')).toBe(
      'R-7K2F9Q was rejected by <@U0ALICE01>: "a &lt;b&gt; &amp; c".',
    );
  });
});

describe('code', () => {
  it('puts an id in a code span that a backtick in it cannot break', () => {
    expect(code('eip-1a2b`3c4d')).toBe("`eip-1a2b'3c4d`");
    expect(code('<x>')).toBe('`&lt;x&gt;`');
  });
});

describe('clip', () => {
  it('keeps text within the limit and marks the cut', () => {
    expect(clip('abcdefghij', 5)).toBe('abcd…');
    expect(clip('abc', 5)).toBe('abc');
  });

  it('never cuts an escaped character, a mention or a code span in half', () => {
    expect(clip('ab &amp; cd', 6)).toBe('ab …');
    expect(clip('hi <@U0ALICE01> there', 10)).toBe('hi …');
    expect(clip('x `eip-1a2b3c4d` y', 10)).toBe('x …');
  });

  it('cuts plain text by UTF-16 length without splitting an emoji', () => {
    expect(clipPlain('ab🚨cd', 4)).toBe('ab…');
    expect(clipPlain('abc', 3)).toBe('abc');
  });
});
