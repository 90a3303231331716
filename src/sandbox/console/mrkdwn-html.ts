import { replaceEmojiShortcodes } from './emoji-shortcodes.js';
import { escapeHtml } from './html-escape.js';

/**
 * Slack's `mrkdwn` as HTML, the way Slack draws it (docs.slack.dev/messaging/
 * formatting-message-text): *bold*, _italic_, ~strike~, `code`, ```preformatted```,
 * `>` quotes, <url|text> links, <@U…> / <#C…> / <!subteam^S…> mentions shown by name,
 * <!here>-style broadcasts, and <!date^…> as a <time> the page shows in local time.
 * Slack escapes only `&`, `<` and `>` in message text, so those three entities are
 * decoded first; every piece of text is then escaped for HTML, and the only markup
 * that comes out is the markup written here.
 */

/** How ids in a message become the names people see. */
export interface SlackNames {
  /** A user's display name, or undefined when the workspace has no such user. */
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  /** A user group's handle (`netops`). */
  userGroup(id: string): string | undefined;
}

const SLACK_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** One pass, as Slack does: `&amp;lt;` shows as `&lt;`. */
function decodeSlackEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt);/g, (entity) => SLACK_ENTITIES[entity] ?? entity);
}

const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;

function link(url: string, label: string): string {
  if (!SAFE_LINK.test(url)) return escapeHtml(label);
  return `<a class="mrkdwn-link" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
}

function mention(kind: string, label: string): string {
  return `<span class="mention mention-${kind}">${escapeHtml(label)}</span>`;
}

/** `<!date^1392734382^{date_short} at {time}^https://…|fallback>`: the page formats it in the reader's time zone. */
function slackDate(body: string, fallback: string | undefined): string {
  const [, seconds, format = '{date_short_pretty} {time}', url] = body.split('^');
  const epoch = Number(seconds);
  if (!Number.isFinite(epoch) || !/^\d+$/.test(seconds ?? '')) return escapeHtml(fallback ?? body);
  const iso = new Date(epoch * 1000).toISOString();
  const shown = fallback ?? iso;
  const time = `<time class="slack-date" datetime="${iso}" data-format="${escapeHtml(format)}">${escapeHtml(shown)}</time>`;
  return url !== undefined && SAFE_LINK.test(url)
    ? `<a class="mrkdwn-link" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${time}</a>`
    : time;
}

/** A `<…>` token as HTML, or undefined when it is not one Slack would treat as special. */
function angleToken(inner: string, names: SlackNames): string | undefined {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : inner.slice(bar + 1);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return mention('user', `@${names.user(id) ?? label ?? id}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return mention('channel', `#${names.channel(id) ?? (label === undefined || label === '' ? id : label)}`);
  }
  if (target.startsWith('!subteam^')) {
    const id = target.slice('!subteam^'.length);
    const handle = names.userGroup(id);
    return mention('group', handle === undefined ? (label ?? `@${id}`) : `@${handle}`);
  }
  if (target.startsWith('!date^')) return slackDate(target, label);
  if (target === '!here' || target === '!channel' || target === '!everyone') return mention('broadcast', `@${target.slice(1)}`);
  if (SAFE_LINK.test(target)) return link(target, label ?? target);
  return undefined;
}

/** A private-use marker that cannot survive from the input (it is stripped first) and that HTML escaping leaves alone. */
const MARK = '\uE000';
const MARK_PATTERN = /\uE000(\d+)\uE000/g;

const EMPHASIS: [RegExp, string][] = [
  // Slack needs the marker next to a non-space and outside a word: 2*3*4 stays as typed.
  [/(^|[^\p{L}\p{N}*])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}*])/gu, 'strong'],
  [/(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, 'em'],
  [/(^|[^\p{L}\p{N}~])~(?=\S)([^~\n]*?\S)~(?![\p{L}\p{N}~])/gu, 'del'],
];

/**
 * One line: `code` spans are literal, `<…>` tokens become mentions, links and dates;
 * both are set aside as markers first, so emphasis can wrap them (*`R-7K2F9Q` done*)
 * but never reach inside them.
 */
function inlineLine(line: string, names: SlackNames): string {
  const pieces: string[] = [];
  const setAside = (html: string) => {
    pieces.push(html);
    return `${MARK}${pieces.length - 1}${MARK}`;
  };
  const marked = line
    .replace(/`([^`\n]+)`/g, (_whole, code: string) => setAside(`<code>${escapeHtml(decodeSlackEntities(code))}</code>`))
    .replace(/<([^<>\n]+)>/g, (whole, inner: string) => {
      const html = angleToken(decodeSlackEntities(inner), names);
      return html === undefined ? whole : setAside(html);
    });
  let html = replaceEmojiShortcodes(escapeHtml(decodeSlackEntities(marked)));
  for (const [pattern, tag] of EMPHASIS) html = html.replace(pattern, `$1<${tag}>$2</${tag}>`);
  return html.replace(MARK_PATTERN, (_whole, index: string) => pieces[Number(index)] ?? '');
}

const QUOTE = /^(?:&gt;|>) ?/;

/** Lines outside ``` blocks: consecutive `>` lines form one quote. */
function textLines(text: string, names: SlackNames): string {
  const out: string[] = [];
  let quote: string[] = [];
  const flushQuote = () => {
    if (quote.length > 0) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (QUOTE.test(line)) {
      quote.push(inlineLine(line.replace(QUOTE, ''), names));
      return;
    }
    flushQuote();
    out.push(inlineLine(line, names) + (index < lines.length - 1 ? '<br>' : ''));
  });
  flushQuote();
  return out.join('');
}

/** A mrkdwn string as HTML that is safe to insert into the page. */
export function mrkdwnToHtml(text: string, names: SlackNames): string {
  const clean = text.replace(/[\uE000\u0000]/g, '\uFFFD');
  return clean
    .split(/```([\s\S]*?)```/)
    .map((part, index) =>
      index % 2 === 1
        ? `<pre class="code-block">${escapeHtml(decodeSlackEntities(part.replace(/^\n/, '')))}</pre>`
        : textLines(part, names),
    )
    .join('');
}

/** A plain_text object: shown as written; `emoji: true` (Slack's default) turns shortcodes into emoji. */
export function plainTextToHtml(text: string, emoji = true): string {
  const escaped = escapeHtml(text);
  return emoji ? replaceEmojiShortcodes(escaped) : escaped;
}
