/** A JSON value as it comes out of `JSON.parse`. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The canonical JSON that audit hashes are computed over, so that a record hashes the
 * same whoever serialised it and whatever order its keys were written in:
 * - object keys sorted by UTF-16 code units, recursively, at every depth;
 * - no whitespace anywhere;
 * - strings, numbers, booleans and null exactly as `JSON.stringify` writes them.
 * For JSON data (what audit records hold) this is RFC 8785, the JSON Canonicalization
 * Scheme, which defines its number and string forms by ECMAScript's `JSON.stringify`.
 * Anything that is not JSON (undefined, functions, bigints, NaN, Infinity) is refused.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON has no form for a ${typeof value}`);
}
