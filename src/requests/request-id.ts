import { randomInt } from 'node:crypto';

/**
 * Request ids are read aloud in incident calls and typed into `/eip cancel`, so they
 * are short and use only characters that cannot be confused: no 0/O, 1/I/L, U
 * (Crockford's reasoning, minus the digits 0 and 1 as well).
 */
export const REQUEST_ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REQUEST_ID_PATTERN = /^R-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/;

export type RequestIdGenerator = () => string;

/** `R-7K2F9Q`; randomness is injectable for tests. */
export function createRequestIdGenerator(random: (max: number) => number = randomInt): RequestIdGenerator {
  return () => {
    let id = 'R-';
    for (let i = 0; i < 6; i += 1) id += REQUEST_ID_ALPHABET[random(REQUEST_ID_ALPHABET.length)];
    return id;
  };
}

/** Accepts what a user typed (`r-7k2f9q`) and returns the canonical id, or undefined. */
export function normalizeRequestId(text: string): string | undefined {
  const upper = text.trim().toUpperCase();
  return REQUEST_ID_PATTERN.test(upper) ? upper : undefined;
}
