import { StoreError } from '../errors.js';

/**
 * Namespace and log names become part of every key (`requests:R-7K2F9Q` in SQLite,
 * `eipbot:requests:R-7K2F9Q` and `eipbot:log/audit` in Redis). Keeping `:` and `/` out of
 * them is what keeps two namespaces, or a namespace and a log, from ever sharing a key.
 */
const STORE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function assertStoreName(kind: 'namespace' | 'log', name: string): void {
  if (!STORE_NAME.test(name)) {
    throw new StoreError(
      `The store ${kind} name "${name}" is not valid: use letters, digits, "-" and "_" (e.g. "requests").`,
    );
  }
}
