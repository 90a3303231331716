import type { ConsoleChannel, ConsolePerson } from './console/console-server.js';
import type { FakeChannel, FakeUser, FakeUserGroup } from './slack/slack-workspace.js';

/**
 * The sandbox's Slack workspace: who one can act as and where. The policy in
 * sandbox-config.ts refers to these ids, so each person shows one side of it: a
 * requester, an approver named by id (also in @netops), an approver only through the
 * @netops user group, and an outsider who may ask but not approve. #ops follows the
 * normal policy; #inc-42-web-compromise matches the incident pattern `^inc-`, where an
 * approver may approve their own request; #eip-audit receives final results.
 */

export const SANDBOX_USERS = {
  requester: { id: 'U0REQUEST1', name: 'rita', realName: 'Rita Requester', isBot: false },
  approver: { id: 'U0APPROVE1', name: 'alice', realName: 'Alice Approver', isBot: false },
  groupApprover: { id: 'U0NETOPS02', name: 'bob', realName: 'Bob from NetOps', isBot: false },
  outsider: { id: 'U0OUTSIDE1', name: 'oscar', realName: 'Oscar Outsider', isBot: false },
} as const satisfies Record<string, FakeUser>;

export const SANDBOX_USER_GROUP = {
  id: 'S0NETOPS01',
  handle: 'netops',
  users: [SANDBOX_USERS.approver.id, SANDBOX_USERS.groupApprover.id],
} as const satisfies FakeUserGroup;

export const SANDBOX_CHANNELS = {
  ops: { id: 'C0OPS00001', name: 'ops', isPrivate: false },
  incident: { id: 'C0INC00042', name: 'inc-42-web-compromise', isPrivate: false },
  audit: { id: 'C0AUDIT001', name: 'eip-audit', isPrivate: false },
} as const satisfies Record<string, FakeChannel>;

/** The console's "Act as" list, in the order of a typical request: ask, then approve. */
export const SANDBOX_PEOPLE: ConsolePerson[] = [
  { id: SANDBOX_USERS.requester.id, role: 'requester' },
  { id: SANDBOX_USERS.approver.id, role: 'approver (by id, and in @netops)' },
  { id: SANDBOX_USERS.groupApprover.id, role: 'approver through @netops' },
  { id: SANDBOX_USERS.outsider.id, role: 'outsider: may ask, not approve' },
];

export const SANDBOX_CONSOLE_CHANNELS: ConsoleChannel[] = [
  { id: SANDBOX_CHANNELS.ops.id, note: 'normal policy: an approver other than the requester approves' },
  { id: SANDBOX_CHANNELS.incident.id, note: 'incident channel (^inc-): an approver may approve their own request' },
  { id: SANDBOX_CHANNELS.audit.id, note: 'audit channel: eipbot posts every final result here' },
];
