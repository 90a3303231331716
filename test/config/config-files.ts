import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { Secret } from '../../src/config/secret.js';
import type { EnvVars } from '../../src/config/interpolate-env.js';
import { ConfigError, formatProblem } from '../../src/errors.js';

/** A scratch directory of config files for one suite; `remove()` in afterAll. */
export function configDir() {
  const dir = mkdtempSync(join(tmpdir(), 'eipbot-config-'));
  let count = 0;
  return {
    dir,
    /** Writes `text` to a new file in the directory and returns its absolute path. */
    write(text: string, name = `config-${++count}.yml`): string {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The problems loadConfig reports for a file, one formatted line each; fails the test if the file loads. */
export function problemsOf(path: string | undefined, env: EnvVars, cwd: string): string[] {
  try {
    loadConfig({ path, env, cwd });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error(`${path ?? 'the default config file'} loaded without problems`);
}

/** The environment good.yml and the tables reference; each value is distinctive so a leak is easy to spot. */
export const TEST_ENV = {
  HW_AK: 'HPUAEXAMPLEACCESSKEY',
  HW_SK: 'hw-sk-9f8e7d6c5b4a-secret',
  OTC_PASSWORD: 'otc-Pa55w0rd-secret',
  TC_SECRET_ID: 'AKIDexampleSecretId0123456789abcdef',
  TC_SECRET_KEY: 'tc-sk-0a1b2c3d4e5f-secret',
} as const;

/** A copy with every Secret replaced by `secret:<value>`: two Secrets compare equal whatever they hold, since the value is private. */
export function revealSecrets(value: unknown): unknown {
  if (value instanceof Secret) return `secret:${value.reveal()}`;
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, revealSecrets(field)]));
  }
  return value;
}
