import type { Clock } from '../clock.js';
import type { UserGroupResolver } from './policy.js';

/**
 * Every approval click checks group membership, and `usergroups.users.list` is a
 * Tier 2 Slack method (about 20 calls a minute), so members are kept for a minute.
 * Concurrent lookups of one group share a single call; failures are not kept, so the
 * next click tries again.
 */
export function cacheUserGroups(resolve: UserGroupResolver, clock: Clock, ttlMs = 60_000): UserGroupResolver {
  const cache = new Map<string, { members: Promise<string[]>; until: number }>();
  return (groupId) => {
    const now = clock.now();
    const cached = cache.get(groupId);
    if (cached && cached.until > now) return cached.members;
    const members = resolve(groupId);
    cache.set(groupId, { members, until: now + ttlMs });
    members.catch(() => {
      if (cache.get(groupId)?.members === members) cache.delete(groupId);
    });
    return members;
  };
}
