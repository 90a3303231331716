import type { JsonValue } from './canonical-json.js';

/**
 * Field names that hold credentials wherever they appear (the same family the logger
 * redacts). Audit data is built from ids, addresses, statuses and codes and should
 * never carry one; this is the last line of defence, because an audit record cannot
 * be edited afterwards without breaking the chain (SPEC §5: secrets never appear in audit).
 */
const SECRET_KEYS = new Set(
  [
    'password',
    'secret',
    'secretkey',
    'secret_key',
    'sk',
    'token',
    'bottoken',
    'apptoken',
    'signingsecret',
    'signature',
    'authorization',
    'x-auth-token',
    'x-subject-token',
    'x-slack-signature',
    'x-tc-token',
    'x-security-token',
  ].map((key) => key.toLowerCase()),
);

/** Access-key ids may be shown masked: first 4 characters, then `…` (SPEC §5). */
const MASKED_KEYS = new Set(['accesskey', 'access_key', 'ak', 'secretid', 'secret_id']);

export function secretFreeData(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(secretFreeData);
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: JsonValue } = {};
  for (const [key, entry] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (SECRET_KEYS.has(lower)) out[key] = '[redacted]';
    else if (MASKED_KEYS.has(lower) && typeof entry === 'string') out[key] = entry.endsWith('…') ? entry : `${entry.slice(0, 4)}…`;
    else out[key] = secretFreeData(entry);
  }
  return out;
}
