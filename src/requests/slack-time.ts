/**
 * A time for a Slack message. Slack renders `<!date^…^{time}|fallback>` in each
 * reader's own time zone, which matters when on-call engineers sit in several; the
 * fallback (UTC) is what clients that cannot render the token show
 * (https://api.slack.com/reference/surfaces/formatting#date-formatting).
 */
export function slackTime(epochMs: number): string {
  const date = new Date(epochMs);
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `<!date^${Math.floor(epochMs / 1000)}^{time}|${hh}:${mm} UTC>`;
}
