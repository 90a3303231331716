import { Document, visit } from 'yaml';
import { formatDuration } from './duration.js';
import { formatPath } from './format-path.js';
import type { LoadedConfig } from './read-config-file.js';
import { Secret } from './secret.js';

/** Keys whose numbers are durations in milliseconds, written back as `15m`. */
const DURATION_KEYS = new Set(['ttl', 'waitTimeout', 'leaseTtl']);

/** A value that only names variables, so showing it shows no part of a credential. */
const ONLY_REFERENCES = /^(\$\{[A-Za-z_][A-Za-z0-9_]*\})+$/;

/**
 * The effective configuration as YAML, for `eipbot config check --print`: defaults
 * filled in, endpoints derived from the region, paths absolute, durations as `15m`.
 * A credential is shown as the `${VAR}` reference it was written as, otherwise
 * redacted (`[redacted]`, access-key ids as `HPUA…`); the loader refuses those
 * placeholders, so a printed file never runs with a fake credential. Loading the
 * output again with the same environment gives the same configuration.
 */
export function renderConfig(loaded: LoadedConfig): string {
  const document = new Document(plain(loaded.config, [], loaded.templates));
  document.commentBefore = ` Effective configuration of ${loaded.file}: defaults applied, credentials as their \${VAR} references or redacted.`;
  // Lists here are short lists of ids, easiest to read on one line as in SPEC §6.
  visit(document, {
    Seq(_, list) {
      list.flow = true;
    },
  });
  return document.toString({ lineWidth: 0 });
}

function plain(value: unknown, path: PropertyKey[], templates: ReadonlyMap<string, string>): unknown {
  const template = templates.get(formatPath(path));
  const reference = template !== undefined && ONLY_REFERENCES.test(template) ? template : undefined;
  if (value instanceof Secret) return reference ?? value.display;
  if (path.length === 1 && path[0] === 'store' && typeof value === 'string') return reference ?? withoutPassword(value);
  if (typeof value === 'string') return escapeReferences(value);
  if (typeof value === 'number' && DURATION_KEYS.has(String(path.at(-1)))) return formatDuration(value);
  if (Array.isArray(value)) return value.map((item, index) => plain(item, [...path, index], templates));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, field]) => field !== undefined);
    return Object.fromEntries(entries.map(([key, field]) => [key, plain(field, [...path, key], templates)]));
  }
  return value;
}

/** A literal `${` (written `$${` in the file) must not turn into a reference when the output is loaded again. */
function escapeReferences(text: string): string {
  return text.replaceAll('${', () => '$${');
}

/** A Redis URL's password (`redis://:secret@host`) is a credential. */
function withoutPassword(store: string): string {
  if (!/^rediss?:\/\//.test(store)) return escapeReferences(store);
  const url = new URL(store);
  if (url.password === '') return escapeReferences(store);
  return escapeReferences(`${url.protocol}//${url.username}:[redacted]@${url.host}${url.pathname}${url.search}`);
}
