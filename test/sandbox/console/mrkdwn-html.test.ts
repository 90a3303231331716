import { describe, expect, it } from 'vitest';
import { mrkdwnToHtml, plainTextToHtml, type SlackNames } from '../../../src/sandbox/console/mrkdwn-html.js';
import { htmlShape } from './html-shape.js';

const names: SlackNames = {
  user: (id) => ({ U0ALICE01: 'alice', U0RITA001: 'rita' })[id],
  channel: (id) => ({ C0OPS0001: 'ops' })[id],
  userGroup: (id) => ({ S0NETOPS1: 'netops' })[id],
};

const html = (text: string) => mrkdwnToHtml(text, names);

describe('mrkdwn as the console draws it', () => {
  it('draws bold, italic, strike and inline code as Slack does', () => {
    expect(html('*Approved* by _alice_, ~pending~ `R-7K2F9Q`')).toBe(
      '<strong>Approved</strong> by <em>alice</em>, <del>pending</del> <code>R-7K2F9Q</code>',
    );
  });

  it('lets emphasis wrap code and mentions without reaching inside them', () => {
    expect(html('*`R-7K2F9Q` succeeded* for <@U0ALICE01>, _by <@U0RITA001>_')).toBe(
      '<strong><code>R-7K2F9Q</code> succeeded</strong> for <span class="mention mention-user">@alice</span>, <em>by <span class="mention mention-user">@rita</span></em>',
    );
  });

  it('leaves markers inside words and around spaces as typed', () => {
    expect(html('2*3*4 and snake_case_name and * not bold *')).toBe('2*3*4 and snake_case_name and * not bold *');
  });

  it('keeps code literal: no formatting, mentions or links inside it', () => {
    expect(html('`*x* <@U0ALICE01>`')).toBe('<code>*x* &lt;@U0ALICE01&gt;</code>');
    expect(html('```\nline *1*\n<b>2</b>\n```')).toBe('<pre class="code-block">line *1*\n&lt;b&gt;2&lt;/b&gt;\n</pre>');
  });

  it('names people, channels and user groups instead of showing their ids', () => {
    expect(html('<@U0ALICE01> in <#C0OPS0001> for <!subteam^S0NETOPS1>')).toBe(
      '<span class="mention mention-user">@alice</span> in <span class="mention mention-channel">#ops</span> for <span class="mention mention-group">@netops</span>',
    );
  });

  it('falls back to the label or the id for someone the workspace does not know', () => {
    expect(html('<@U0GHOST01> <@U0GHOST02|ghost> <#C0GONE001|gone>')).toBe(
      '<span class="mention mention-user">@U0GHOST01</span> <span class="mention mention-user">@ghost</span> <span class="mention mention-channel">#gone</span>',
    );
  });

  it('draws links with their label and refuses any scheme but http(s) and mailto', () => {
    expect(html('<https://example.com/a?b=1&amp;c=2|the docs>')).toBe(
      '<a class="mrkdwn-link" href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>',
    );
    expect(html('<javascript:alert(1)|click me>')).toBe('&lt;javascript:alert(1)|click me&gt;');
  });

  it('turns <!date^…> into a <time> the page shows in local time, keeping the fallback text', () => {
    expect(html('expires <!date^1767600000^{date_short_pretty} at {time}|2026-01-05 08:00 UTC>')).toBe(
      'expires <time class="slack-date" datetime="2026-01-05T08:00:00.000Z" data-format="{date_short_pretty} at {time}">2026-01-05 08:00 UTC</time>',
    );
  });

  it('highlights @here-style broadcasts', () => {
    expect(html('<!here> look')).toBe('<span class="mention mention-broadcast">@here</span> look');
  });

  it('decodes Slack’s three entities once, so escaped text shows as typed', () => {
    expect(html('a &amp; b &lt;c&gt; &amp;lt;')).toBe('a &amp; b &lt;c&gt; &amp;lt;');
  });

  it('never lets hostile text become markup: raw tags, quotes and attribute tricks are shown as text', () => {
    const hostile = html('<script>alert(1)</script> <img src=x onerror=alert(1)> "quoted" <https://x.test/"onmouseover="alert(1)|x>');
    expect(htmlShape(hostile)).toEqual({ tags: ['a'], attributes: ['class', 'href', 'rel', 'target'] });
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile).toContain('href="https://x.test/&quot;onmouseover=&quot;alert(1)"');
  });

  it('draws quotes and line breaks', () => {
    expect(html('before\n> quoted *line*\n&gt; second\nafter')).toBe(
      'before<br><blockquote>quoted <strong>line</strong><br>second</blockquote>after',
    );
  });

  it('turns known emoji shortcodes into emoji and leaves unknown ones as typed', () => {
    expect(html(':white_check_mark: done :not_an_emoji:')).toBe('✅ done :not_an_emoji:');
  });

  it('strips the private-use marker it relies on, so typed markers cannot inject a token', () => {
    expect(html('\uE0000\uE000 <@U0ALICE01>')).toBe('\uFFFD0\uFFFD <span class="mention mention-user">@alice</span>');
  });

  it('shows plain_text as written, with emoji unless turned off', () => {
    expect(plainTextToHtml('<b>Approve</b> :x:')).toBe('&lt;b&gt;Approve&lt;/b&gt; ❌');
    expect(plainTextToHtml(':x:', false)).toBe(':x:');
  });
});
