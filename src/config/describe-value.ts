const MAX_SHOWN = 40;

/** Text for a value found in the file, quoted and shortened: `"v2"`, `"a very long …"`. */
export function quoteValue(text: string): string {
  return JSON.stringify(text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);
}

/**
 * Names what the file holds where something else was expected, for messages such as
 * `must be a number, not the text "two"`. Never use it on a credential's value.
 */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string') return `the text ${quoteValue(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

/** `v1 or v3`, `debug, info, warn or error` (or with `and`). */
export function listAlternatives(values: readonly unknown[], conjunction: 'or' | 'and' = 'or'): string {
  const texts = values.map(String);
  if (texts.length <= 1) return texts.join('');
  return `${texts.slice(0, -1).join(', ')} ${conjunction} ${texts.at(-1)}`;
}

/** Like `describeValue` but without the value itself, for credentials: `a number`, `a list`. */
export function describeKind(value: unknown): string {
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return describeValue(value);
}
