/**
 * Slack HTML-escapes `&`, `<` and `>` in slash-command text whatever `should_escape`
 * says (reference/slack.md §2.2; slack-ruby/slack-ruby-bot#237), so `--reason "a & b"`
 * arrives as `a &amp; b`. One pass, so a typed `&amp;lt;` becomes `&lt;`, not `<`.
 */
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

export function unescapeSlackText(text: string): string {
  return text.replace(/&(?:amp|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity);
}
