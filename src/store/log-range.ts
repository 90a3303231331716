import { StoreError } from '../errors.js';

/** Checks `read(from, to)` arguments: whole, non-negative, in order (Redis would read negative indexes from the end). */
export function assertLogRange(name: string, from: number, to: number | undefined): void {
  const valid = Number.isSafeInteger(from) && from >= 0 && (to === undefined || (Number.isSafeInteger(to) && to >= from));
  if (!valid) {
    throw new StoreError(`Reading entries [${from}, ${to ?? 'end'}) of the log "${name}" is not possible: give whole positions from 0, with from ≤ to.`);
  }
}
