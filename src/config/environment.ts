import { LOG_LEVELS, parseLogLevel, type LogLevel } from '../logger.js';
import { listAlternatives, quoteValue } from './describe-value.js';
import type { EnvVars } from './interpolate-env.js';
import { Secret } from './secret.js';
import { storeUrlProblem } from './store-setting.js';

/** How the bot talks to Slack (SPEC §7): Socket Mode when an app-level token is given, HTTP otherwise. */
export type SlackConnection =
  | { mode: 'socket'; botToken: Secret; appToken: Secret; apiUrl: string }
  | { mode: 'http'; botToken: Secret; signingSecret: Secret; apiUrl: string };

export interface BotEnvironment {
  slack: SlackConnection;
  port: number;
  logLevel: LogLevel;
  /** `EIPBOT_CONFIG` as given; the loader resolves it (default `./eipbot.yml`). */
  configFile?: string;
  /** `EIPBOT_STORE` as given: it takes precedence over the file's `store`. */
  store?: string;
}

export type EnvironmentResult = { ok: true; environment: BotEnvironment } | { ok: false; problems: string[] };

const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
const DEFAULT_PORT = 3000;

/** Slack's token prefixes (api.slack.com/authentication/token-types), to name a token put in the wrong variable. */
const TOKEN_KINDS: Record<string, string> = {
  'xoxb-': 'a bot token (xoxb-…)',
  'xapp-': 'an app-level token (xapp-…)',
  'xoxp-': 'a user token (xoxp-…)',
  'xoxe-': 'a refresh token (xoxe-…)',
};
const BOT_TOKEN_SOURCE = 'OAuth & Permissions → Bot User OAuth Token';
const APP_TOKEN_SOURCE = 'Basic Information → App-Level Tokens, with the connections:write scope';

/**
 * The process settings of SPEC §7, parsed from the environment: a typed value with the
 * tokens as `Secret`, or every problem found, one line each (missing, malformed or
 * contradictory), never quoting a token. The bot prints the problems and exits 2.
 */
export function parseEnvironment(env: EnvVars): EnvironmentResult {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const botToken = read('SLACK_BOT_TOKEN');
  if (botToken === undefined) problems.push(`SLACK_BOT_TOKEN is not set: give it the bot token (xoxb-…) from ${BOT_TOKEN_SOURCE}`);
  else if (!/^xoxb-[A-Za-z0-9-]+$/.test(botToken)) problems.push(`SLACK_BOT_TOKEN ${misfit(botToken, 'a bot token (xoxb-…)')}; take it from ${BOT_TOKEN_SOURCE}`);

  const appToken = read('SLACK_APP_TOKEN');
  if (appToken !== undefined && !/^xapp-[A-Za-z0-9-]+$/.test(appToken)) {
    problems.push(`SLACK_APP_TOKEN ${misfit(appToken, 'an app-level token (xapp-…)')}; take it from ${APP_TOKEN_SOURCE}, or leave it unset for HTTP mode`);
  }

  const signingSecret = read('SLACK_SIGNING_SECRET');
  if (appToken === undefined && signingSecret === undefined) {
    problems.push(
      'SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify that requests come from Slack (Basic Information → App Credentials → Signing Secret); or set SLACK_APP_TOKEN to use Socket Mode',
    );
  }

  const apiUrl = normaliseApiUrl(read('SLACK_API_URL') ?? DEFAULT_SLACK_API_URL);
  if (apiUrl === undefined) problems.push(`SLACK_API_URL must be an http(s) URL such as ${DEFAULT_SLACK_API_URL}`);

  const portText = read('PORT');
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (portText !== undefined && !(/^\d+$/.test(portText) && port >= 1 && port <= 65_535)) {
    problems.push(`PORT must be a whole number from 1 to 65535, not ${quoteValue(portText)}`);
  }

  const logLevelText = read('LOG_LEVEL');
  const logLevel = parseLogLevel(logLevelText);
  if (logLevel === undefined) problems.push(`LOG_LEVEL must be ${listAlternatives(LOG_LEVELS)}, not ${quoteValue(logLevelText ?? '')}`);

  const store = read('EIPBOT_STORE');
  const storeProblem = store === undefined ? undefined : storeUrlProblem(store);
  if (storeProblem !== undefined) problems.push(`EIPBOT_STORE: ${storeProblem}`);

  if (problems.length > 0 || botToken === undefined || apiUrl === undefined || logLevel === undefined) {
    return { ok: false, problems };
  }
  const common = { botToken: Secret.of(botToken), apiUrl };
  const slack: SlackConnection =
    appToken !== undefined
      ? { mode: 'socket', ...common, appToken: Secret.of(appToken) }
      : { mode: 'http', ...common, signingSecret: Secret.of(signingSecret as string) };
  const configFile = read('EIPBOT_CONFIG');
  return {
    ok: true,
    environment: {
      slack,
      port,
      logLevel,
      ...(configFile === undefined ? {} : { configFile }),
      ...(store === undefined ? {} : { store }),
    },
  };
}

/** Why a token does not fit its variable, naming what it is when it is another kind of Slack token. */
function misfit(token: string, wanted: string): string {
  const kind = Object.entries(TOKEN_KINDS).find(([prefix]) => token.startsWith(prefix))?.[1];
  return kind === undefined ? `is not ${wanted}` : `holds ${kind}, but it must be ${wanted}`;
}

/** Method names are appended to the base URL (`${apiUrl}auth.test`, as Slack's WebClient does), so it ends with exactly one slash. */
function normaliseApiUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return `${text.replace(/\/+$/, '')}/`;
}
