// Slack's <!date^…> tokens, which the server draws as <time class="slack-date"> with the
// token's format: shown in the reader's time zone, as Slack does
// (docs.slack.dev/messaging/formatting-message-text#date-formatting).

const ORDINAL = (day) => {
  const rest = day % 100;
  if (rest >= 11 && rest <= 13) return `${day}th`;
  return `${day}${{ 1: 'st', 2: 'nd', 3: 'rd' }[day % 10] || 'th'}`;
};

function dayDistance(date) {
  const start = (value) => new Date(value.getFullYear(), value.getMonth(), value.getDate()).getTime();
  return Math.round((start(date) - start(new Date())) / 86_400_000);
}

function pretty(date, fallback) {
  const distance = dayDistance(date);
  if (distance === 0) return 'today';
  if (distance === -1) return 'yesterday';
  if (distance === 1) return 'tomorrow';
  return fallback;
}

function ago(date) {
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const units = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  return format.format(seconds, 'second');
}

function slackDateText(date, template) {
  const month = date.toLocaleDateString('en-US', { month: 'long' });
  const monthShort = date.toLocaleDateString('en-US', { month: 'short' });
  const weekday = date.toLocaleDateString('en-US', { weekday: 'long' });
  const long = `${month} ${ORDINAL(date.getDate())}, ${date.getFullYear()}`;
  const short = `${monthShort} ${date.getDate()}, ${date.getFullYear()}`;
  const tokens = {
    date_num: `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`,
    date: long,
    date_short: short,
    date_long: `${weekday}, ${long}`,
    date_pretty: pretty(date, long),
    date_short_pretty: pretty(date, short),
    date_long_pretty: pretty(date, `${weekday}, ${long}`),
    time: date.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' }),
    time_secs: date.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
    ago: ago(date),
  };
  return template.replace(/\{([a-z_]+)\}/g, (whole, name) => tokens[name] ?? whole);
}

export function localizeDates(root) {
  for (const node of root.querySelectorAll('time.slack-date')) {
    const date = new Date(node.getAttribute('datetime'));
    if (Number.isNaN(date.getTime())) continue;
    node.title = date.toString();
    node.textContent = slackDateText(date, node.dataset.format || '{date_short_pretty} {time}');
  }
}
