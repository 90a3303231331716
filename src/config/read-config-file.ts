import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMap, isSeq, type Document } from 'yaml';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { configErrorMap } from './config-error-map.js';
import { formatPath } from './format-path.js';
import { interpolateEnv, type EnvVars } from './interpolate-env.js';
import { parseYaml } from './parse-yaml.js';
import { policyProblems } from './policy-problems.js';
import { configSchema, type Config } from './schema.js';
import { resolveStoreUrl, storeUrlProblem } from './store-setting.js';

export interface ConfigSource {
  /** The file to read; default `EIPBOT_CONFIG`, then `./eipbot.yml`. Relative to `cwd`. */
  path?: string | undefined;
  env: EnvVars;
  cwd: string;
}

export interface LoadedConfig {
  config: Config;
  /** The absolute path of the file that was read. */
  file: string;
  /** Formatted path → the value as written, for every value that named an environment variable (`${HW_SK}`). */
  templates: ReadonlyMap<string, string>;
}

const DEFAULT_CONFIG_FILE = './eipbot.yml';

/** A config file is a page of YAML; anything far larger is a mistake or an attack on the parser. */
const MAX_FILE_BYTES = 1024 * 1024;

/** More aliases than a hand-written file needs means an alias bomb ("billion laughs"). */
const MAX_ALIASES = 100;

/**
 * Reads, interpolates and validates `eipbot.yml` (SPEC §6). Throws a `ConfigError`
 * listing every problem, in file order, each with its path and what to write instead.
 * On success, `store` is a normalised URL (`sqlite:///abs/path.sqlite`; Redis as
 * written) with `EIPBOT_STORE` taking precedence, and `audit.file` is absolute.
 */
export function readConfigFile(source: ConfigSource): LoadedConfig {
  const fromEnv = nonEmpty(source.env.EIPBOT_CONFIG);
  const file = resolve(source.cwd, source.path ?? fromEnv ?? DEFAULT_CONFIG_FILE);
  const origin = source.path !== undefined ? 'explicit' : fromEnv !== undefined ? 'env' : 'default';
  const yaml = parseYaml(readText(file, origin));
  if (yaml.errors.length > 0) throw new ConfigError(yaml.errors);
  const contents = yaml.document.contents;
  if (contents === null) {
    throw new ConfigError([
      { path: '', message: `${file} is empty; the minimum is an accounts: section with one account (provider, region and auth)` },
    ]);
  }
  if (!isMap(contents)) {
    const found = isSeq(contents) ? 'a list' : 'a single value';
    throw new ConfigError([{ path: '', message: `${file} must be a mapping of keys to values (store:, policy:, accounts: …), not ${found}` }]);
  }

  const interpolation = interpolateEnv(yaml.document, source.env);
  const tree = toPlainTree(yaml.document);
  const parsed = configSchema.safeParse(tree, { error: configErrorMap });

  const problems: { problem: ConfigProblem; offset: number }[] = [
    ...yaml.warnings.map((problem) => ({ problem, offset: -1 })),
    ...interpolation.problems.map(({ path, message }) => ({ problem: { path: formatPath(path), message }, offset: yaml.offsetOf(path) })),
  ];
  const unresolved = interpolation.problems.map(({ path }) => formatPath(path));
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const path = formatPath(issue.path);
    // A value whose variable is missing is reported already; its unreplaced text would only add noise.
    if (unresolved.some((bad) => path === bad || path.startsWith(`${bad}.`) || path.startsWith(`${bad}[`))) continue;
    problems.push({ problem: { path, message: issue.message }, offset: yaml.offsetOf(issue.path) });
  }
  const envStore = nonEmpty(source.env.EIPBOT_STORE);
  const envStoreProblem = envStore === undefined ? undefined : storeUrlProblem(envStore);
  if (envStoreProblem !== undefined) problems.push({ problem: { path: 'EIPBOT_STORE', message: envStoreProblem }, offset: Infinity });
  // These weigh whole policies against each other, so they need a file that is otherwise right.
  if (parsed.success && problems.length === 0) {
    problems.push(...policyProblems(parsed.data).map((problem) => ({ problem, offset: Infinity })));
  }
  if (!parsed.success || problems.length > 0) {
    // Stable sort: problems at one place keep the schema's order.
    throw new ConfigError(problems.sort((a, b) => a.offset - b.offset).map(({ problem }) => problem));
  }

  const config = parsed.data;
  const templates = new Map(interpolation.templates);
  if (envStore !== undefined) templates.set('store', '${EIPBOT_STORE}');
  return {
    file,
    templates,
    config: {
      ...config,
      store: resolveStoreUrl(envStore ?? config.store, source.cwd),
      audit: config.audit.file === undefined ? config.audit : { ...config.audit, file: resolve(source.cwd, config.audit.file) },
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function readText(file: string, origin: 'explicit' | 'env' | 'default'): string {
  try {
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      throw new ConfigError([{ path: '', message: `${file} is ${size} bytes; a config file is at most ${MAX_FILE_BYTES} bytes` }]);
    }
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([{ path: '', message: unreadable(file, origin, error as NodeJS.ErrnoException) }], { cause: error });
  }
}

function unreadable(file: string, origin: 'explicit' | 'env' | 'default', error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      if (origin === 'env') return `config file ${file} (from EIPBOT_CONFIG) does not exist`;
      if (origin === 'default') return `config file ${file} does not exist; create it, or set EIPBOT_CONFIG to the file's path`;
      return `config file ${file} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `cannot read config file ${file}: permission denied`;
    case 'EISDIR':
      return `config file ${file} is a directory; name the YAML file in it`;
    default:
      return `cannot read config file ${file}: ${error.message}`;
  }
}

function toPlainTree(document: Document.Parsed): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // The yaml library throws here for an alias to an unknown anchor and for an alias bomb.
    throw new ConfigError([{ path: '', message: `cannot expand the YAML aliases (*name): ${(error as Error).message}` }], { cause: error });
  }
}
