import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { UserGroupResolver } from '../requests/policy.js';

const membersSchema = z.looseObject({ users: z.array(z.string()) });

/**
 * The members of an approver user group (`S…`), from `usergroups.users.list`
 * (scope usergroups:read; Tier 2). The engine caches the answer for a minute and turns a
 * failed lookup into a refusal that says so, never into a silent "not an approver".
 */
export function slackUserGroupResolver(client: webApi.WebClient): UserGroupResolver {
  return async (groupId) => membersSchema.parse(await client.usergroups.users.list({ usergroup: groupId })).users;
}
