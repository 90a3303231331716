import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from './canonical-json.js';

/** The `prevHash` of the first record: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** `sha256(prevHash + canonicalJson(record without hash))`, lower-case hex (SPEC §5). */
export function recordHash(unsigned: { prevHash: string } & { [key: string]: JsonValue }): string {
  if ('hash' in unsigned) throw new TypeError('a record is hashed without its own hash');
  return createHash('sha256').update(unsigned.prevHash).update(canonicalJson(unsigned)).digest('hex');
}
