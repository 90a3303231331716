import { createBot, type Bot } from './app/create-bot.js';
import { parseEnvironment } from './config/environment.js';
import { loadConfig } from './config/load-config.js';
import type { Config } from './config/schema.js';
import { ConfigError, formatProblem, isCodedError } from './errors.js';
import { createLogger } from './logger.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';

/** Exit codes: 2 for settings to fix (SPEC §7), 1 for anything else that stops the bot. */
const EXIT_SETTINGS = 2;
const EXIT_FAILURE = 1;

function say(line: string): void {
  process.stderr.write(`eipbot: ${line}\n`);
}

/**
 * The bot's process (SPEC §7): environment and eipbot.yml are read first and every
 * problem in either is printed, one line each, before exiting with 2 and no stack trace.
 * Then the store is opened, the bot is built and started, and SIGTERM or SIGINT stops it
 * gracefully: no new requests, executions in flight finished, Slack and the audit flushed.
 */
async function main(): Promise<number> {
  const parsed = parseEnvironment(process.env);
  const problems: string[] = parsed.ok ? [] : [...parsed.problems];
  let config: Config | undefined;
  try {
    config = loadConfig({ env: process.env, cwd: process.cwd() });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems.map(formatProblem));
  }
  if (!parsed.ok || config === undefined || problems.length > 0) {
    // EIPBOT_STORE is checked by both readers; a problem is said once.
    for (const problem of new Set(problems)) say(problem);
    return EXIT_SETTINGS;
  }
  const { environment } = parsed;
  const logger = createLogger({ level: environment.logLevel });

  let store: Store;
  try {
    store = await openStore(config.store, { logger });
  } catch (error) {
    say(isCodedError(error) ? error.userMessage : `could not open the store: ${(error as Error).message}`);
    return EXIT_FAILURE;
  }

  let bot: Bot;
  try {
    bot = await createBot({ environment, config, store, logger });
    await bot.start();
  } catch (error) {
    await store.close().catch(() => undefined);
    if (error instanceof ConfigError) {
      for (const problem of error.problems) say(formatProblem(problem));
      return EXIT_SETTINGS;
    }
    say(isCodedError(error) ? error.userMessage : `could not start: ${(error as Error).message}`);
    logger.error({ err: error }, 'eipbot could not start');
    return EXIT_FAILURE;
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting without waiting; interrupted executions are reconciled from the live state on the next start');
        resolve(EXIT_FAILURE);
        return;
      }
      stopping = true;
      logger.info({ signal }, 'stopping: finishing what is in flight');
      bot
        .stop()
        .then(() => store.close())
        .then(
          () => resolve(0),
          (error: unknown) => {
            logger.error({ err: error }, 'eipbot did not stop cleanly');
            resolve(EXIT_FAILURE);
          },
        );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(isCodedError(error) ? error.userMessage : `stopped by an unexpected error: ${(error as Error).message}`);
    process.exit(EXIT_FAILURE);
  },
);
