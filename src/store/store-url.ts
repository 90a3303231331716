import { isAbsolute, resolve } from 'node:path';
import { Secret } from '../config/secret.js';
import { StoreError } from '../errors.js';

/** Where a store lives, parsed from `store:` in eipbot.yml or `EIPBOT_STORE` (SPEC §6). */
export type StoreLocation =
  | { kind: 'sqlite'; path: string }
  | {
      kind: 'redis';
      host: string;
      port: number;
      tls: boolean;
      database: number;
      username?: string;
      password?: Secret;
      /** Prepended to every Redis key, so several bots (or test runs) can share one server. */
      keyPrefix: string;
    };

export const DEFAULT_REDIS_KEY_PREFIX = 'eipbot:';
const DEFAULT_REDIS_PORT = 6379;

export const STORE_URL_FORMS =
  'sqlite://./relative/path.sqlite, sqlite:///absolute/path.sqlite, ' +
  'redis://[:password@]host:port[/db] or rediss://… for TLS (optionally ?prefix=myprefix: instead of eipbot:)';

/** Parses a store URL; relative SQLite paths are resolved from `cwd`. */
export function parseStoreUrl(url: string, cwd: string): StoreLocation {
  if (url.startsWith('sqlite://')) return parseSqliteUrl(url, cwd);
  if (url.startsWith('redis://') || url.startsWith('rediss://')) return parseRedisUrl(url);
  throw invalid(url, 'it names no known backend');
}

/**
 * The URL as it may appear in messages: everything before the last `@` (user and
 * password) replaced by `***`. Greedy on purpose: a malformed URL may carry a raw `/`,
 * `@` or `#` inside the password, and over-redacting is harmless.
 */
export function redactStoreUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/).*@/, '$1***@');
}

function parseSqliteUrl(url: string, cwd: string): StoreLocation {
  const path = url.slice('sqlite://'.length);
  if (path === '' || path.endsWith('/')) throw invalid(url, 'it names no SQLite file');
  return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
}

function parseRedisUrl(url: string): StoreLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(url, 'it is not a well-formed URL');
  }
  if (parsed.hostname === '') throw invalid(url, 'the host is missing');
  if (parsed.hash !== '') throw invalid(url, 'it must not have a #fragment');
  const port = parsed.port === '' ? DEFAULT_REDIS_PORT : Number(parsed.port);
  const databasePath = parsed.pathname.replace(/^\//, '');
  if (databasePath !== '' && !/^\d+$/.test(databasePath)) {
    throw invalid(url, `the database "${databasePath}" must be a number (e.g. /0)`);
  }
  let keyPrefix = DEFAULT_REDIS_KEY_PREFIX;
  for (const [name, value] of parsed.searchParams) {
    if (name !== 'prefix') throw invalid(url, `unknown option "${name}" (only ?prefix= is accepted)`);
    if (value === '') throw invalid(url, '?prefix= must not be empty');
    keyPrefix = value;
  }
  const location: StoreLocation = {
    kind: 'redis',
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    tls: parsed.protocol === 'rediss:',
    database: databasePath === '' ? 0 : Number(databasePath),
    keyPrefix,
  };
  if (parsed.username !== '') location.username = decodeURIComponent(parsed.username);
  if (parsed.password !== '') location.password = Secret.of(decodeURIComponent(parsed.password));
  return location;
}

function invalid(url: string, why: string): StoreError {
  return new StoreError(`The store URL "${redactStoreUrl(url)}" is not valid: ${why}. Use ${STORE_URL_FORMS}.`);
}
