/**
 * A date and time that Slack renders in each reader's own time zone
 * (https://api.slack.com/reference/surfaces/formatting#date-formatting); clients that
 * cannot render the token show the UTC fallback. `slackTime` (requests/) is the
 * time-only form the engine's sentences use.
 */
export function slackDateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `<!date^${Math.floor(epochMs / 1000)}^{date_short_pretty} {time}|${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC>`;
}

/** `1.2 s`, `350 ms`, `2 min 5 s`: how long a step or an execution took. */
export function formatElapsed(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}
