/**
 * Text for Slack's mrkdwn. Slack treats only `&`, `<` and `>` as control characters and
 * asks apps to escape exactly those three
 * (https://api.slack.com/reference/surfaces/formatting#escaping); an unescaped
 * `<!channel>` in a reason would notify the whole channel.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Text a person or a cloud wrote (reasons, ids, provider messages): shown as typed, never as markup. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (char) => ESCAPES[char] ?? char);
}

/**
 * The tokens eipbot's own messages use on purpose: user and user-group mentions,
 * channel links and localised dates. Broadcasts (`<!channel>`, `<!here>`), links and
 * anything else stay escaped.
 */
const KEPT_TOKEN = /&lt;((?:@[UW][A-Z0-9]+)|(?:!subteam\^S[A-Z0-9]+)|(?:#[CG][A-Z0-9]+(?:\|[^&<>|]*)?)|(?:!date\^\d+\^[^|&<>]+\|[^&<>]+))&gt;/g;

/**
 * A message eipbot composed (an engine refusal, a status sentence) that may quote user
 * text: everything is escaped, then the mention, channel and date tokens are restored.
 */
export function escapeKeepingMentions(text: string): string {
  return escapeMrkdwn(text).replace(KEPT_TOKEN, '<$1>');
}

/** An id or address inside a code span: backticks would end the span early. */
export function code(text: string): string {
  return `\`${escapeMrkdwn(text.replace(/`/g, "'"))}\``;
}

/**
 * Cuts escaped mrkdwn to at most `max` characters, ending with `…`, never inside an
 * entity (`&amp;`) or a `<…>` token, which Slack would show broken.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const openEntity = cut.lastIndexOf('&');
  if (openEntity > cut.lastIndexOf(';')) cut = cut.slice(0, openEntity);
  const openToken = cut.lastIndexOf('<');
  if (openToken > cut.lastIndexOf('>')) cut = cut.slice(0, openToken);
  // A code span cut in half would leave the rest of the message in code.
  if ((cut.match(/`/g) ?? []).length % 2 === 1) cut = cut.slice(0, cut.lastIndexOf('`'));
  return `${cut}…`;
}

/** Plain text (header, button, dialog): no escaping, only a length limit in UTF-16 units, as Slack counts. */
export function clipPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  // Never leave half of a surrogate pair (an emoji) at the end.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}
