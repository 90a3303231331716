import type { Config } from './schema.js';
import { readConfigFile, type ConfigSource } from './read-config-file.js';

/**
 * The bot's configuration from `eipbot.yml` (SPEC §6), or a `ConfigError` listing every
 * problem with its path and a fix. The file is `path`, else `EIPBOT_CONFIG`, else
 * `./eipbot.yml`, relative to `cwd`; `${VAR}` references are filled from `env`.
 */
export function loadConfig(source: ConfigSource): Config {
  return readConfigFile(source).config;
}
