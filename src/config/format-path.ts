const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * A location in the config file as a user reads it: `accounts.hw-prod.auth.secretKey`,
 * `policy.approvers[1]`, and `accounts["hw prod"]` for a key that needs quoting.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}
