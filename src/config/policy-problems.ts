import type { ConfigProblem } from '../errors.js';
import { listAlternatives } from './describe-value.js';
import { formatPath } from './format-path.js';
import { effectivePolicy, type Config } from './schema.js';

/**
 * Policies that parse but can never let a request through (SPEC §4: only approvers may
 * approve, and `approvals` counts distinct ones): no approvers at all, or more approvals
 * than there are approvers to give them. Such a bot would take requests and let every
 * one of them expire, so the loader refuses it up front. Accounts that share the
 * faulty setting are named in one problem.
 */
export function policyProblems(config: Config): ConfigProblem[] {
  const found = new Map<string, { path: string; describe: (accounts: string) => string; accounts: string[] }>();
  const note = (path: PropertyKey[], key: string, describe: (accounts: string) => string, account: string) => {
    const where = formatPath(path);
    const entry = found.get(`${where}\n${key}`) ?? { path: where, describe, accounts: [] };
    entry.accounts.push(account);
    found.set(`${where}\n${key}`, entry);
  };

  for (const [name, account] of Object.entries(config.accounts)) {
    const own = account.policy ?? {};
    const policy = effectivePolicy(config, account);
    const policyPath = (overridden: boolean) => (overridden ? ['accounts', name, 'policy'] : ['policy']);
    const approversPath = [...policyPath(own.approvers !== undefined), 'approvers'];
    if (policy.approvers.length === 0) {
      note(approversPath, 'empty', (accounts) => `is empty, so nobody could approve a change on ${accounts}; list Slack user ids (U…/W…) or user-group ids (S…)`, name);
      continue;
    }
    // A user group can hold any number of people; only a list of single users bounds the approvals.
    if (policy.approvers.some((id) => id.startsWith('S'))) continue;
    const people = new Set(policy.approvers).size;
    const unreachable = (needed: number) => (accounts: string) =>
      `${needed} approvals are needed but only ${people} approver${people === 1 ? ' is' : 's are'} listed in ${formatPath(approversPath)}, ` +
      `so no request on ${accounts} could ever be approved; add approvers or lower the number`;
    if (policy.approvals > people) {
      note([...policyPath(own.approvals !== undefined), 'approvals'], `${policy.approvals}/${formatPath(approversPath)}`, unreachable(policy.approvals), name);
    }
    const incidentApprovals = policy.incident.approvals;
    if (incidentApprovals !== undefined && incidentApprovals > people) {
      note([...policyPath(own.incident !== undefined), 'incident', 'approvals'], `${incidentApprovals}/${formatPath(approversPath)}`, unreachable(incidentApprovals), name);
    }
  }

  return [...found.values()].map(({ path, describe, accounts }) => ({ path, message: describe(listAlternatives(accounts, 'and')) }));
}
