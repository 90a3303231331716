import { LogLevel, type Logger } from '@slack/bolt';

/** Keeps @slack/web-api and Bolt quiet in tests: the fake's refusals are expected here, not news. */
export const silentSlackLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};
