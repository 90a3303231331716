import { describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../src/config/environment.js';
import { revealSecrets } from './config-files.js';

const BOT = 'xoxb-1111-2222-botTokenValue';
const APP = 'xapp-1-A0123-3333-appTokenValue';
const SIGNING = '8f742231b10e8888abcd99yyyzzz85a5';
const HTTP = { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING };

const SIGNING_MISSING =
  'SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify that requests come from Slack (Basic Information → App Credentials → Signing Secret); or set SLACK_APP_TOKEN to use Socket Mode';
const BOT_SOURCE = 'take it from OAuth & Permissions → Bot User OAuth Token';
const APP_SOURCE = 'take it from Basic Information → App-Level Tokens, with the connections:write scope, or leave it unset for HTTP mode';

function settingsOf(env: Record<string, string>): unknown {
  const result = parseEnvironment(env);
  if (!result.ok) throw new Error(`unexpected problems: ${result.problems.join(' | ')}`);
  return revealSecrets(result.environment);
}

function problemsOf(env: Record<string, string>): string[] {
  const result = parseEnvironment(env);
  if (result.ok) throw new Error('the environment was accepted');
  return result.problems;
}

describe('reading the environment', () => {
  const good: [string, Record<string, string>, unknown][] = [
    [
      'runs in HTTP mode with the documented defaults',
      HTTP,
      {
        slack: { mode: 'http', botToken: `secret:${BOT}`, signingSecret: `secret:${SIGNING}`, apiUrl: 'https://slack.com/api/' },
        port: 3000,
        logLevel: 'info',
      },
    ],
    [
      'runs in Socket Mode when an app-level token is given, without a signing secret',
      { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP },
      { slack: { mode: 'socket', botToken: `secret:${BOT}`, appToken: `secret:${APP}`, apiUrl: 'https://slack.com/api/' }, port: 3000, logLevel: 'info' },
    ],
    [
      'ends the Slack API URL with exactly one slash, however it was written',
      { ...HTTP, SLACK_API_URL: 'http://127.0.0.1:4010/api' },
      { slack: { mode: 'http', botToken: `secret:${BOT}`, signingSecret: `secret:${SIGNING}`, apiUrl: 'http://127.0.0.1:4010/api/' }, port: 3000, logLevel: 'info' },
    ],
    [
      'takes the port, a log level in any case, and the config and store locations',
      { ...HTTP, SLACK_API_URL: 'https://slack-gov.com/api//', PORT: '8080', LOG_LEVEL: 'DEBUG', EIPBOT_CONFIG: '/etc/eipbot.yml', EIPBOT_STORE: 'redis://10.0.0.5:6379/0' },
      {
        slack: { mode: 'http', botToken: `secret:${BOT}`, signingSecret: `secret:${SIGNING}`, apiUrl: 'https://slack-gov.com/api/' },
        port: 8080,
        logLevel: 'debug',
        configFile: '/etc/eipbot.yml',
        store: 'redis://10.0.0.5:6379/0',
      },
    ],
    [
      'ignores the newline a token mounted from a file often ends with, and empty optional variables',
      { SLACK_BOT_TOKEN: `${BOT}\n`, SLACK_SIGNING_SECRET: ` ${SIGNING} `, SLACK_APP_TOKEN: '', PORT: '', LOG_LEVEL: '' },
      { slack: { mode: 'http', botToken: `secret:${BOT}`, signingSecret: `secret:${SIGNING}`, apiUrl: 'https://slack.com/api/' }, port: 3000, logLevel: 'info' },
    ],
  ];

  it.each(good)('%s', (_, env, expected) => {
    expect(settingsOf(env)).toEqual(expected);
  });

  const bad: [string, Record<string, string>, string[]][] = [
    [
      'asks for both the bot token and the signing secret when nothing is set',
      {},
      [`SLACK_BOT_TOKEN is not set: give it the bot token (xoxb-…) from OAuth & Permissions → Bot User OAuth Token`, SIGNING_MISSING],
    ],
    ['asks for the signing secret in HTTP mode', { SLACK_BOT_TOKEN: BOT }, [SIGNING_MISSING]],
    [
      'says when the app-level token was put in SLACK_BOT_TOKEN',
      { SLACK_BOT_TOKEN: APP, SLACK_SIGNING_SECRET: SIGNING },
      [`SLACK_BOT_TOKEN holds an app-level token (xapp-…), but it must be a bot token (xoxb-…); ${BOT_SOURCE}`],
    ],
    [
      'says when a user token was given instead of the bot token',
      { SLACK_BOT_TOKEN: 'xoxp-1-2-3-userToken', SLACK_SIGNING_SECRET: SIGNING },
      [`SLACK_BOT_TOKEN holds a user token (xoxp-…), but it must be a bot token (xoxb-…); ${BOT_SOURCE}`],
    ],
    [
      'refuses a bot token that is no Slack token at all',
      { SLACK_BOT_TOKEN: 'my-bot-token', SLACK_SIGNING_SECRET: SIGNING },
      [`SLACK_BOT_TOKEN is not a bot token (xoxb-…); ${BOT_SOURCE}`],
    ],
    [
      'says when the bot token was put in SLACK_APP_TOKEN',
      { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: BOT },
      [`SLACK_APP_TOKEN holds a bot token (xoxb-…), but it must be an app-level token (xapp-…); ${APP_SOURCE}`],
    ],
    [
      'refuses an app-level token that is no Slack token',
      { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'socket-please' },
      [`SLACK_APP_TOKEN is not an app-level token (xapp-…); ${APP_SOURCE}`],
    ],
    ['refuses a Slack API URL that is not http(s)', { ...HTTP, SLACK_API_URL: 'ftp://slack.com/api/' }, ['SLACK_API_URL must be an http(s) URL such as https://slack.com/api/']],
    ['refuses a Slack API URL that is not a URL', { ...HTTP, SLACK_API_URL: 'slack.com/api' }, ['SLACK_API_URL must be an http(s) URL such as https://slack.com/api/']],
    ['refuses port 0', { ...HTTP, PORT: '0' }, ['PORT must be a whole number from 1 to 65535, not "0"']],
    ['refuses a port above 65535', { ...HTTP, PORT: '65536' }, ['PORT must be a whole number from 1 to 65535, not "65536"']],
    ['refuses a port that is not a whole number', { ...HTTP, PORT: '80.5' }, ['PORT must be a whole number from 1 to 65535, not "80.5"']],
    ['refuses a port given as a name', { ...HTTP, PORT: 'http' }, ['PORT must be a whole number from 1 to 65535, not "http"']],
    ['lists the log levels when LOG_LEVEL is unknown', { ...HTTP, LOG_LEVEL: 'verbose' }, ['LOG_LEVEL must be debug, info, warn or error, not "verbose"']],
    [
      'refuses a store URL it could not open, hiding the password',
      { ...HTTP, EIPBOT_STORE: 'redis://:hunter2@/0' },
      [
        'EIPBOT_STORE: The store URL "redis://***@/0" is not valid: it is not a well-formed URL. Use sqlite://./relative/path.sqlite, sqlite:///absolute/path.sqlite, redis://[:password@]host:port[/db] or rediss://… for TLS (optionally ?prefix=myprefix: instead of eipbot:).',
      ],
    ],
    [
      'lists every problem at once, one line each',
      { SLACK_BOT_TOKEN: APP, SLACK_APP_TOKEN: BOT, PORT: '-1', LOG_LEVEL: 'trace' },
      [
        `SLACK_BOT_TOKEN holds an app-level token (xapp-…), but it must be a bot token (xoxb-…); ${BOT_SOURCE}`,
        `SLACK_APP_TOKEN holds a bot token (xoxb-…), but it must be an app-level token (xapp-…); ${APP_SOURCE}`,
        'PORT must be a whole number from 1 to 65535, not "-1"',
        'LOG_LEVEL must be debug, info, warn or error, not "trace"',
      ],
    ],
  ];

  it.each(bad)('%s', (_, env, expected) => {
    const problems = problemsOf(env);
    expect(problems).toEqual(expected);
    for (const token of [BOT, APP, SIGNING, 'xoxp-1-2-3-userToken', 'hunter2']) expect(problems.join('\n')).not.toContain(token);
  });

  it('never shows a token when the settings are printed or logged', () => {
    const result = parseEnvironment({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_SIGNING_SECRET: SIGNING });
    const printed = JSON.stringify(result) + String(result.ok && result.environment.slack.botToken);
    for (const token of [BOT, APP, SIGNING]) expect(printed).not.toContain(token);
  });
});
