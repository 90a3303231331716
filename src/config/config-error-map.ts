import type { z } from 'zod';
import { describeValue, listAlternatives, quoteValue } from './describe-value.js';
import { nearestName } from './nearest-name.js';

type RawIssue = z.core.$ZodRawIssue;

/**
 * Words zod's issues as sentences a user can act on, for every field whose schema
 * gives no message of its own: what is missing, which values are allowed, which type
 * is expected, and which known key an unknown one was probably meant to be. Each
 * sentence follows the path of the value: `policy: unknown key "aprovers" (did you mean "approvers"?)`.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue.expected, issue.input);
    case 'invalid_value':
      return `must be ${listAlternatives(issue.values)}, not ${shown(issue.input)}`;
    case 'invalid_union':
      return issue.discriminator === undefined ? undefined : invalidDiscriminator(issue);
    case 'unrecognized_keys':
      return unknownKeys(issue);
    case 'invalid_key':
      return issue.issues.map((inner) => inner.message).join('; ');
    default:
      return undefined;
  }
};

function invalidType(expected: string, input: unknown): string {
  if (input === undefined) return 'is required';
  if (input === null) return 'has no value; fill it in or remove the line';
  const found = describeValue(input);
  switch (expected) {
    case 'string':
      return typeof input === 'number' || typeof input === 'boolean'
        ? `must be text, not ${found}; put it in quotes`
        : `must be text, not ${found}`;
    case 'number':
    case 'int':
      return `must be a number, not ${found}`;
    case 'boolean':
      return `must be true or false, not ${found}`;
    case 'object':
    case 'record':
      return `must be a mapping of keys to values, not ${found}`;
    case 'array':
      return typeof input === 'string' ? `must be a list, not ${found}; write it as [${input}]` : `must be a list, not ${found}`;
    default:
      return `must be ${expected}, not ${found}`;
  }
}

function invalidDiscriminator(issue: Extract<RawIssue, { code: 'invalid_union' }>): string {
  const allowed = listAlternatives(Array.isArray(issue.options) ? issue.options : []);
  const input = issue.input;
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[issue.discriminator!] : undefined;
  return value === undefined ? `is required: ${allowed}` : `must be ${allowed}, not ${shown(value)}`;
}

function unknownKeys(issue: Extract<RawIssue, { code: 'unrecognized_keys' }>): string {
  const known = knownKeys(issue.inst);
  const guesses = issue.keys.map((key) => ({ key, guess: nearestName(key, known) }));
  const named = guesses.map(({ key, guess }) => (guess === undefined ? JSON.stringify(key) : `${JSON.stringify(key)} (did you mean "${guess}"?)`));
  const where = issue.path?.length ? '' : ' at the top level:';
  const list = `unknown ${named.length === 1 ? 'key' : 'keys'}${where} ${listAlternatives(named, 'and')}`;
  const unguessed = guesses.some(({ guess }) => guess === undefined);
  return unguessed && known.length > 0 ? `${list}; the keys allowed here are ${known.join(', ')}` : list;
}

function knownKeys(inst: RawIssue['inst']): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
  return shape === undefined ? [] : Object.keys(shape);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? quoteValue(value) : describeValue(value);
}
