import { StoreError } from '../errors.js';
import { parseStoreUrl } from '../store/store-url.js';

/**
 * What is wrong with a store URL, in the store's own words, or undefined when the store
 * will accept it: config check and the running bot judge a URL by the same rules.
 * The message shows the URL with any password replaced by `***`.
 */
export function storeUrlProblem(url: string): string | undefined {
  try {
    parseStoreUrl(url, '/');
    return undefined;
  } catch (error) {
    if (error instanceof StoreError) return error.userMessage;
    throw error;
  }
}

/**
 * The store URL with a relative SQLite path made absolute from `cwd` (SPEC §6:
 * "relative paths are resolved from the process's working directory"):
 * `sqlite://./data/x.sqlite` → `sqlite:///srv/bot/data/x.sqlite`. Redis URLs are kept as written.
 */
export function resolveStoreUrl(url: string, cwd: string): string {
  const location = parseStoreUrl(url, cwd);
  return location.kind === 'sqlite' ? `sqlite://${location.path}` : url;
}
