/**
 * The approval policy (SPEC §4) as pure decisions. Each refusal is a `PolicyRefusal`
 * whose message tells the person what to do next, in Slack mention syntax so the
 * people it names are links (and are notified).
 */
import { effectivePolicy, type Config, type IncidentPolicy, type Policy } from '../config/schema.js';
import { EipbotError, ErrorCode, NotFoundError, type EipbotErrorOptions } from '../errors.js';
import type { ChangeRequest } from './change-request.js';
import { mention } from './slack-mentions.js';

/** The members (user ids) of a Slack user group (`usergroups.users.list`). */
export type UserGroupResolver = (groupId: string) => Promise<string[]>;

export class PolicyRefusal extends EipbotError {
  constructor(userMessage: string, options: EipbotErrorOptions = {}) {
    super(ErrorCode.Policy, userMessage, options);
  }
}

export interface RequestChannel {
  id: string;
  /** Without the `#`; Slack sends it with slash commands, and incident patterns match it. */
  name?: string;
}

/** What applies to one request: the account's policy and the numbers for this channel. */
export interface AppliedPolicy {
  policy: Policy;
  incident: boolean;
  approvals: number;
  allowSelfApproval: boolean;
  requireReason: boolean;
  ttlMs: number;
}

function accountNames(config: Pick<Config, 'accounts'>): string[] {
  return Object.keys(config.accounts);
}

/** The account a request is for: the named one, or `defaultAccount`, or the only one. */
export function resolveAccount(config: Pick<Config, 'accounts' | 'defaultAccount'>, requested: string | undefined): string {
  const names = accountNames(config);
  const name = requested ?? config.defaultAccount ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) {
    throw new NotFoundError(`Name the account with --account: one of ${names.join(', ')}.`);
  }
  if (!Object.hasOwn(config.accounts, name)) {
    throw new NotFoundError(`There is no account "${name}" in eipbot's configuration; use one of ${names.join(', ')}.`);
  }
  return name;
}

export function isIncidentChannel(incident: IncidentPolicy, channel: RequestChannel): boolean {
  if (incident.channels.includes(channel.id)) return true;
  return incident.namePattern !== undefined && channel.name !== undefined && new RegExp(incident.namePattern).test(channel.name);
}

export function applyPolicy(config: Pick<Config, 'policy' | 'accounts'>, account: string, channel: RequestChannel): AppliedPolicy {
  const accountConfig = config.accounts[account];
  if (accountConfig === undefined) throw new NotFoundError(`There is no account "${account}" in eipbot's configuration.`);
  const policy = effectivePolicy(config, accountConfig);
  const incident = isIncidentChannel(policy.incident, channel);
  return {
    policy,
    incident,
    approvals: (incident ? policy.incident.approvals : undefined) ?? policy.approvals,
    allowSelfApproval: (incident ? policy.incident.allowSelfApproval : undefined) ?? policy.allowSelfApproval,
    requireReason: (incident ? policy.incident.requireReason : undefined) ?? policy.requireReason,
    ttlMs: (incident ? policy.incident.ttl : undefined) ?? policy.ttl,
  };
}

/** Whether `user` is one of `ids`, directly or through a user group. */
async function isListed(user: string, ids: readonly string[], groups: UserGroupResolver): Promise<boolean> {
  if (ids.includes(user)) return true;
  const groupIds = ids.filter((id) => id.startsWith('S'));
  const lookups = await Promise.allSettled(groupIds.map(async (group) => ({ group, members: await groups(group) })));
  const unreadable: string[] = [];
  for (const [index, lookup] of lookups.entries()) {
    if (lookup.status === 'fulfilled') {
      if (lookup.value.members.includes(user)) return true;
    } else {
      unreadable.push(groupIds[index] as string);
    }
  }
  if (unreadable.length > 0) {
    throw new PolicyRefusal(
      `eipbot could not read the members of ${unreadable.map(mention).join(', ')} from Slack, ` +
        'so it cannot tell whether you may do this; try again in a minute.',
      { cause: lookups.find((lookup) => lookup.status === 'rejected')?.reason, detail: `user-group lookup failed for ${unreadable.join(', ')}` },
    );
  }
  return false;
}

function askOneOf(ids: readonly string[]): string {
  return ids.length === 0 ? 'no other approver is configured; ask an eipbot admin to add approvers' : `ask one of ${ids.map(mention).join(', ')}`;
}

export interface RequestCheck {
  applied: AppliedPolicy;
  account: string;
  requester: string;
  channel: RequestChannel;
  reason?: string;
}

/** May `requester` ask for a change here (channel, requesters, reason, someone able to approve)? */
export async function checkMayRequest(check: RequestCheck, groups: UserGroupResolver): Promise<void> {
  const { policy } = check.applied;
  if (policy.channels.length > 0 && !policy.channels.includes(check.channel.id) && !check.applied.incident) {
    throw new PolicyRefusal(
      `EIP changes for account ${check.account} cannot be requested in this channel; ` +
        `use /eip in ${policy.channels.map((id) => `<#${id}>`).join(', ')}.`,
    );
  }
  if (policy.requesters.length > 0 && !(await isListed(check.requester, policy.requesters, groups))) {
    throw new PolicyRefusal(
      `You are not on the list of people who may request EIP changes for account ${check.account}; ${askOneOf(policy.requesters)} to request it.`,
    );
  }
  if (check.applied.requireReason && !check.reason?.trim()) {
    throw new PolicyRefusal(
      `A reason is required for EIP changes on account ${check.account} here; ` +
        'add --reason "…" (for example --reason "INC-42 compromised host") to the command.',
    );
  }
  const others = policy.approvers.filter((id) => id !== check.requester);
  if (others.length === 0 && !(check.applied.allowSelfApproval && policy.approvers.includes(check.requester))) {
    throw new PolicyRefusal(
      `Nobody could approve this request: account ${check.account} has no approvers` +
        `${policy.approvers.length > 0 ? ' other than you' : ''}; ask an eipbot admin to set policy.approvers.`,
    );
  }
}

/**
 * The checks that need only the request: the requester's own click where self-approval
 * is off, and a second click by the same approver. Pure, so the store's atomic update
 * can repeat them against the latest version of the request.
 */
export function checkApprovalCounts(request: ChangeRequest, user: string, policy: Policy): void {
  const approved = new Set(request.approvals.map((approval) => approval.user));
  const others = approversStillToAsk(request, policy);
  if (user === request.requester && !request.policy.allowSelfApproval) {
    throw new PolicyRefusal(`You requested ${request.id}, so your approval does not count; ${askOneOf(others)}.`);
  }
  if (approved.has(user)) {
    const missing = request.policy.approvals - approved.size;
    throw new PolicyRefusal(
      `You already approved ${request.id}; it needs ${missing} more approval${missing === 1 ? '' : 's'} from another approver: ${askOneOf(others)}.`,
    );
  }
}

/** Approvers whose approval would still count: not yet given, and not the requester unless self-approval is allowed (incident channels). */
function approversStillToAsk(request: ChangeRequest, policy: Policy): string[] {
  const approved = new Set(request.approvals.map((approval) => approval.user));
  return policy.approvers.filter((id) => !approved.has(id) && (request.policy.allowSelfApproval || id !== request.requester));
}

/** May `user` add an approval to `request` (which is pending)? */
export async function checkMayApprove(request: ChangeRequest, user: string, policy: Policy, groups: UserGroupResolver): Promise<void> {
  checkApprovalCounts(request, user, policy);
  if (!(await isListed(user, policy.approvers, groups))) {
    throw new PolicyRefusal(
      `You are not an approver for account ${request.account}, so you cannot approve ${request.id}; ${askOneOf(approversStillToAsk(request, policy))}.`,
    );
  }
}

/** May `user` reject `request`? Any approver may; one rejection ends it (SPEC §3). */
export async function checkMayReject(request: ChangeRequest, user: string, policy: Policy, groups: UserGroupResolver): Promise<void> {
  if (!(await isListed(user, policy.approvers, groups))) {
    const hint = user === request.requester ? `as its requester you can cancel it with /eip cancel ${request.id}` : askOneOf(policy.approvers);
    throw new PolicyRefusal(`You are not an approver for account ${request.account}, so you cannot reject ${request.id}; ${hint}.`);
  }
}

/** Only the requester may cancel (SPEC §3). */
export function checkMayCancel(request: ChangeRequest, user: string): void {
  if (user !== request.requester) {
    throw new PolicyRefusal(
      `Only ${mention(request.requester)}, who requested ${request.id}, can cancel it; an approver can Reject it instead.`,
    );
  }
}

/** Approvals recorded on a request all count: the requester's is only recorded where self-approval is allowed. */
export function hasEnoughApprovals(request: ChangeRequest): boolean {
  return new Set(request.approvals.map((approval) => approval.user)).size >= request.policy.approvals;
}
