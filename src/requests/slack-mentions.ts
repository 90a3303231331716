/**
 * Slack mention syntax for user and user-group ids, so messages show names and
 * notify the people they name (https://api.slack.com/reference/surfaces/formatting#mentioning-users).
 */
export function mention(id: string): string {
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}

/** `<@U1>`, `<@U1> and <@U2>`, `<@U1>, <@U2> and <!subteam^S3>`. */
export function mentionAll(ids: readonly string[]): string {
  const mentions = ids.map(mention);
  if (mentions.length <= 1) return mentions.join('');
  return `${mentions.slice(0, -1).join(', ')} and ${mentions.at(-1)}`;
}
