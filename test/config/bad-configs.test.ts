import { afterAll, describe, expect, it } from 'vitest';
import { configDir, problemsOf, TEST_ENV } from './config-files.js';

const files = configDir();
afterAll(() => files.remove());

const HW = '{ provider: huawei, region: cn-north-4, projectId: 0123456789abcdef0123456789abcdef, auth: { type: aksk, accessKey: "${HW_AK}", secretKey: "${HW_SK}" } }';
const TC = '{ provider: tencent, region: ap-guangzhou, auth: { secretId: "${TC_SECRET_ID}", secretKey: "${TC_SECRET_KEY}" } }';
const POLICY = 'policy: { approvers: [U0APPROVER1] }';

/** A file from its lines; `accounts:` with the two standard accounts is appended unless `accounts` is given. */
function yaml(lines: string[], accounts: string[] = [`  hw-prod: ${HW}`, `  tc-prod: ${TC}`]): string {
  return [...lines, 'accounts:', ...accounts, ''].join('\n');
}

interface BadConfig {
  behaviour: string;
  text: string;
  env?: Record<string, string>;
  problems: string[];
}

const cases: BadConfig[] = [
  // Missing account fields
  {
    behaviour: 'names the missing region of an account and shows what a region looks like',
    text: yaml([POLICY], ['  hw-prod: { provider: huawei, projectId: 0123456789abcdef0123456789abcdef, auth: { type: aksk, accessKey: a, secretKey: b } }']),
    problems: ['accounts.hw-prod.region: is required: the region id, e.g. cn-north-4 (eu-de on Open Telekom Cloud)'],
  },
  {
    behaviour: 'names a missing provider and lists the providers',
    text: yaml([POLICY], ['  hw-prod: { region: cn-north-4 }']),
    problems: ['accounts.hw-prod.provider: is required: huawei or tencent'],
  },
  {
    behaviour: 'asks for the project id of an aksk account',
    text: yaml([POLICY], ['  hw-prod: { provider: huawei, region: cn-north-4, auth: { type: aksk, accessKey: a, secretKey: b } }']),
    problems: ['accounts.hw-prod.projectId: is required with aksk auth: copy the project id of the region from "My Credentials" in the console'],
  },
  {
    behaviour: 'names a missing auth.type and shows both auth shapes',
    text: yaml([POLICY], ['  hw-prod: { provider: huawei, region: cn-north-4, projectId: 0123456789abcdef0123456789abcdef, auth: { accessKey: a, secretKey: b } }']),
    problems: ['accounts.hw-prod.auth.type: is required: aksk or token'],
  },
  {
    behaviour: 'asks for the password of a token account and suggests keeping it in a variable',
    text: yaml([POLICY], ['  otc: { provider: huawei, region: eu-de, auth: { type: token, domain: acme, user: eipbot } }']),
    problems: ['accounts.otc.auth.password: is required: the IAM user\'s password, e.g. "${HW_PASSWORD}"'],
  },
  {
    behaviour: 'asks for the SecretKey of a tencent account',
    text: yaml([POLICY], ['  tc-prod: { provider: tencent, region: ap-guangzhou, auth: { secretId: AKIDexample } }']),
    problems: ['accounts.tc-prod.auth.secretKey: is required: the SecretKey, e.g. "${TC_SECRET_KEY}"'],
  },
  {
    behaviour: 'shows both shapes of Huawei auth when the auth block is missing',
    text: yaml([POLICY], ['  hw-prod: { provider: huawei, region: cn-north-4, projectId: 0123456789abcdef0123456789abcdef }']),
    problems: ['accounts.hw-prod.auth: is required: { type: aksk, accessKey, secretKey } or { type: token, domain, user, password }'],
  },
  {
    behaviour: 'says that an account left empty has no value',
    text: yaml([POLICY], [`  hw-prod: ${HW}`, '  tc-prod:']),
    problems: ['accounts.tc-prod: has no value; fill it in or remove the line'],
  },
  {
    behaviour: 'refuses a file without accounts and says where they go',
    text: `${POLICY}\n`,
    problems: ['accounts: is required: list at least one cloud account under accounts:'],
  },
  {
    behaviour: 'refuses an empty accounts section',
    text: `${POLICY}\naccounts: {}\n`,
    problems: ['accounts: must list at least one cloud account'],
  },
  {
    behaviour: 'refuses an account name that cannot be typed after --account',
    text: yaml([POLICY], [`  hw prod: ${HW}`]),
    problems: ['accounts["hw prod"]: is not a usable account name: use letters, digits, - and _ (it is typed after --account)'],
  },
  {
    behaviour: 'says that a section left empty has no value',
    text: yaml([POLICY, 'audit:']),
    problems: ['audit: has no value; fill it in or remove the line'],
  },
  // Wrong enums
  {
    behaviour: 'lists the providers when the provider is unknown',
    text: yaml([POLICY], ['  aws-prod: { provider: aws, region: us-east-1 }']),
    problems: ['accounts.aws-prod.provider: must be huawei or tencent, not "aws"'],
  },
  {
    behaviour: 'lists the Huawei APIs when api is unknown',
    text: yaml([POLICY], [`  hw-prod: { provider: huawei, api: v2, region: cn-north-4, projectId: 0123456789abcdef0123456789abcdef, auth: { type: aksk, accessKey: a, secretKey: b } }`]),
    problems: ['accounts.hw-prod.api: must be v1 or v3, not "v2"'],
  },
  {
    behaviour: 'lists the Tencent APIs, which differ from Huawei\'s',
    text: yaml([POLICY], ['  tc-prod: { provider: tencent, api: v1, region: ap-guangzhou, auth: { secretId: a, secretKey: b } }']),
    problems: ['accounts.tc-prod.api: must be v3 or legacy, not "v1"'],
  },
  {
    behaviour: 'lists the auth types when auth.type is unknown',
    text: yaml([POLICY], ['  hw-prod: { provider: huawei, region: cn-north-4, auth: { type: password, user: eipbot } }']),
    problems: ['accounts.hw-prod.auth.type: must be aksk or token, not "password"'],
  },
  // Unknown keys
  {
    behaviour: 'refuses a misspelt policy key and suggests the right one',
    text: yaml(['policy:', '  aprovers: [U0APPROVER1]']),
    problems: ['policy: unknown key "aprovers" (did you mean "approvers"?)'],
  },
  {
    behaviour: 'recognises a snake_case spelling of a known key',
    text: yaml([POLICY.replace(' }', ', allow_self_approval: true }')]),
    problems: ['policy: unknown key "allow_self_approval" (did you mean "allowSelfApproval"?)'],
  },
  {
    behaviour: 'lists the allowed keys when an unknown key resembles none of them',
    text: yaml([POLICY, 'notifications: { slack: true }']),
    problems: ['unknown key at the top level: "notifications"; the keys allowed here are store, defaultAccount, audit, execution, policy, accounts'],
  },
  {
    behaviour: 'refuses a wrongly cased key inside an account',
    text: yaml([POLICY], ['  hw-prod: { provider: huawei, region: cn-north-4, projectID: 0123456789abcdef0123456789abcdef, projectId: 0123456789abcdef0123456789abcdef, auth: { type: aksk, accessKey: a, secretKey: b } }']),
    problems: ['accounts.hw-prod: unknown key "projectID" (did you mean "projectId"?)'],
  },
  // Durations
  {
    behaviour: 'shows how to write a duration when the unit is wrong',
    text: yaml(['policy: { approvers: [U0APPROVER1], ttl: 15x }']),
    problems: ['policy.ttl: must be a duration such as 90s, 15m or 2h, not "15x"'],
  },
  {
    behaviour: 'asks for a unit when a duration is a bare number',
    text: yaml([POLICY, 'execution: { leaseTtl: 30 }']),
    problems: ['execution.leaseTtl: must be a duration with a unit, such as 30s or 30m, not the bare number 30'],
  },
  {
    behaviour: 'refuses a wait timeout longer than an hour',
    text: yaml([POLICY, 'execution: { waitTimeout: 2h }']),
    problems: ['execution.waitTimeout: must be from 1s to 1h, not 2h'],
  },
  {
    behaviour: 'refuses a request ttl too short for anyone to approve',
    text: yaml(['policy: { approvers: [U0APPROVER1], incident: { channels: [C0INCIDENT1], ttl: 10s } }']),
    problems: ['policy.incident.ttl: must be from 1m to 7d, not 10s'],
  },
  // Environment variables
  {
    behaviour: 'names the variable that is not set, at the path of the value',
    text: yaml([POLICY]),
    env: { HW_AK: TEST_ENV.HW_AK, TC_SECRET_ID: TEST_ENV.TC_SECRET_ID, TC_SECRET_KEY: TEST_ENV.TC_SECRET_KEY },
    problems: ['accounts.hw-prod.auth.secretKey: environment variable HW_SK is not set'],
  },
  {
    behaviour: 'names a variable that is set but empty',
    text: yaml([POLICY]),
    env: { ...TEST_ENV, TC_SECRET_KEY: '' },
    problems: ['accounts.tc-prod.auth.secretKey: environment variable TC_SECRET_KEY is set but empty'],
  },
  {
    behaviour: 'refuses shell-style defaults in a reference and shows how to write a literal',
    text: yaml([POLICY], ['  hw-prod: { provider: huawei, region: "${HW_REGION:-cn-north-4}", projectId: 0123456789abcdef0123456789abcdef, auth: { type: aksk, accessKey: a, secretKey: b } }']),
    problems: ['accounts.hw-prod.region: "${HW_REGION:-cn-north-4}" is not a variable reference: a name has letters, digits and _ (no defaults or other syntax); write $${ for a literal ${'],
  },
  {
    behaviour: 'refuses a reference without its closing brace',
    text: yaml([POLICY], ['  hw-prod: { provider: huawei, region: cn-north-4, projectId: 0123456789abcdef0123456789abcdef, auth: { type: aksk, accessKey: a, secretKey: "${HW_SK" } }']),
    problems: ['accounts.hw-prod.auth.secretKey: has "${" without a closing "}"; write $${ for a literal ${'],
  },
  // URLs
  {
    behaviour: 'refuses an endpoint that is not http(s) and shows one that is',
    text: yaml([POLICY], ['  hw-prod: { provider: huawei, region: cn-north-4, projectId: 0123456789abcdef0123456789abcdef, auth: { type: aksk, accessKey: a, secretKey: b }, endpoints: { vpc: "ftp://vpc.example.com" } }']),
    problems: ['accounts.hw-prod.endpoints.vpc: must be an http(s) URL such as https://vpc.cn-north-4.myhuaweicloud.com, not the text "ftp://vpc.example.com"'],
  },
  {
    behaviour: 'refuses an endpoint with a query string',
    text: yaml([POLICY], ['  tc-prod: { provider: tencent, region: ap-guangzhou, auth: { secretId: a, secretKey: b }, endpoints: { vpc: "https://vpc.tencentcloudapi.com/?Region=x" } }']),
    problems: ['accounts.tc-prod.endpoints.vpc: must be an http(s) URL such as https://vpc.tencentcloudapi.com, without ?query or #fragment'],
  },
  {
    behaviour: 'refuses a store of an unknown kind and lists the accepted forms',
    text: yaml([POLICY, 'store: mysql://db.example.com/eipbot']),
    problems: [
      'store: The store URL "mysql://db.example.com/eipbot" is not valid: it names no known backend. Use sqlite://./relative/path.sqlite, sqlite:///absolute/path.sqlite, redis://[:password@]host:port[/db] or rediss://… for TLS (optionally ?prefix=myprefix: instead of eipbot:).',
    ],
  },
  {
    behaviour: 'refuses a Redis store with a named database without showing its password',
    text: yaml([POLICY, 'store: "redis://:hunter2@redis.example.com:6379/main"']),
    problems: [
      'store: The store URL "redis://***@redis.example.com:6379/main" is not valid: the database "main" must be a number (e.g. /0). Use sqlite://./relative/path.sqlite, sqlite:///absolute/path.sqlite, redis://[:password@]host:port[/db] or rediss://… for TLS (optionally ?prefix=myprefix: instead of eipbot:).',
    ],
  },
  {
    behaviour: 'refuses a bad EIPBOT_STORE from the environment and names the variable',
    text: yaml([POLICY]),
    env: { ...TEST_ENV, EIPBOT_STORE: 'sqlite://' },
    problems: [
      'EIPBOT_STORE: The store URL "sqlite://" is not valid: it names no SQLite file. Use sqlite://./relative/path.sqlite, sqlite:///absolute/path.sqlite, redis://[:password@]host:port[/db] or rediss://… for TLS (optionally ?prefix=myprefix: instead of eipbot:).',
    ],
  },
  // Policy numbers out of range
  {
    behaviour: 'refuses zero approvals',
    text: yaml(['policy: { approvers: [U0APPROVER1], approvals: 0 }']),
    problems: ['policy.approvals: must be a whole number from 1 to 10, not the number 0'],
  },
  {
    behaviour: 'refuses more than ten approvals',
    text: yaml(['policy: { approvers: [S0NETOPS], approvals: 11 }']),
    problems: ['policy.approvals: must be a whole number from 1 to 10, not the number 11'],
  },
  {
    behaviour: 'refuses a fractional number of approvals',
    text: yaml(['policy: { approvers: [S0NETOPS], approvals: 1.5 }']),
    problems: ['policy.approvals: must be a whole number from 1 to 10, not the number 1.5'],
  },
  {
    behaviour: 'refuses approvals written as text',
    text: yaml(['policy: { approvers: [S0NETOPS], approvals: "two" }']),
    problems: ['policy.approvals: must be a whole number from 1 to 10, not the text "two"'],
  },
  {
    behaviour: 'refuses a rate limit of zero requests per second',
    text: yaml([POLICY], ['  tc-prod: { provider: tencent, region: ap-guangzhou, auth: { secretId: a, secretKey: b }, rateLimit: 0 }']),
    problems: ['accounts.tc-prod.rateLimit: must be a number of requests per second above 0 and at most 1000, not the number 0'],
  },
  {
    behaviour: 'refuses more approvals than there are approvers to give them',
    text: yaml(['policy: { approvers: [U0APPROVER1, U0APPROVER2], approvals: 3 }']),
    problems: [
      'policy.approvals: 3 approvals are needed but only 2 approvers are listed in policy.approvers, so no request on hw-prod and tc-prod could ever be approved; add approvers or lower the number',
    ],
  },
  {
    behaviour: 'refuses a policy without approvers, since nobody could approve anything',
    text: yaml(['policy: { approvals: 1 }']),
    problems: ['policy.approvers: is empty, so nobody could approve a change on hw-prod and tc-prod; list Slack user ids (U…/W…) or user-group ids (S…)'],
  },
  {
    behaviour: 'refuses an account policy that empties the approvers of that account',
    text: yaml([POLICY], [`  hw-prod: ${HW}`, '  tc-prod: { provider: tencent, region: ap-guangzhou, auth: { secretId: a, secretKey: b }, policy: { approvers: [] } }']),
    problems: ['accounts.tc-prod.policy.approvers: is empty, so nobody could approve a change on tc-prod; list Slack user ids (U…/W…) or user-group ids (S…)'],
  },
  // Slack ids
  {
    behaviour: 'refuses a user name among the approvers and says where to find the id',
    text: yaml(['policy: { approvers: ["@alice"] }']),
    problems: ['policy.approvers[0]: must be a Slack user id (U…/W…) or user-group id (S…), not "@alice"; use the id, not the name: copy it from the profile: ⋯ → Copy member ID'],
  },
  {
    behaviour: 'points out that Slack ids are upper case',
    text: yaml(['policy: { approvers: [U0APPROVER1], requesters: [u0requester] }']),
    problems: ['policy.requesters[0]: must be a Slack user id (U…/W…) or user-group id (S…), not "u0requester"; Slack ids are upper case'],
  },
  {
    behaviour: 'refuses a channel name where a channel id is needed',
    text: yaml(['policy: { approvers: [U0APPROVER1], channels: ["#netops"] }']),
    problems: ['policy.channels[0]: must be a Slack channel id such as C0123ABCD, not "#netops"; use the channel id (shown at the bottom of the channel details), not its name'],
  },
  {
    behaviour: 'asks for a list when a single approver is written without brackets',
    text: yaml(['policy: { approvers: U0APPROVER1 }']),
    problems: ['policy.approvers: must be a list, not the text "U0APPROVER1"; write it as [U0APPROVER1]'],
  },
  // Incident settings
  {
    behaviour: 'reports an invalid incident channel pattern with the reason',
    text: yaml(['policy: { approvers: [U0APPROVER1], incident: { namePattern: "^inc-(" } }']),
    problems: ['policy.incident.namePattern: is not a valid regular expression (Unterminated group)'],
  },
  {
    behaviour: 'refuses an incident pattern that would make every channel an incident channel',
    text: yaml(['policy: { approvers: [U0APPROVER1], incident: { namePattern: ".*", allowSelfApproval: true } }']),
    problems: ['policy.incident.namePattern: matches an empty channel name, so it would make every channel an incident channel; anchor it, e.g. ^inc-'],
  },
  {
    behaviour: 'refuses incident settings that could never apply',
    text: yaml(['policy: { approvers: [U0APPROVER1], incident: { approvals: 1, allowSelfApproval: true } }']),
    problems: ['policy.incident: sets approvals, allowSelfApproval but names no channels and no namePattern, so it never applies; add channels: [C…] or namePattern: "^inc-"'],
  },
  // Other fields
  {
    behaviour: 'names the accounts when the default account is not one of them, suggesting the nearest',
    text: yaml([POLICY, 'defaultAccount: hw-prd']),
    problems: ['defaultAccount: "hw-prd" is not one of the accounts (hw-prod, tc-prod); did you mean "hw-prod"?'],
  },
  {
    behaviour: 'refuses a project id that is not the 32 hex characters of an IAM project',
    text: yaml([POLICY], ['  hw-prod: { provider: huawei, region: cn-north-4, projectId: cn-north-4, auth: { type: aksk, accessKey: a, secretKey: b } }']),
    problems: ['accounts.hw-prod.projectId: must be the 32-character lower-case hex project id of the region (console: My Credentials → Projects)'],
  },
  {
    behaviour: 'refuses yes as a boolean, since YAML 1.2 reads it as text',
    text: yaml(['policy: { approvers: [U0APPROVER1], requireReason: yes }']),
    problems: ['policy.requireReason: must be true or false, not the text "yes"'],
  },
  {
    behaviour: 'asks for quotes around a password YAML reads as a number, without showing it',
    text: yaml([POLICY], ['  otc: { provider: huawei, region: eu-de, auth: { type: token, domain: acme, user: eipbot, password: 12345678 } }']),
    problems: ['accounts.otc.auth.password: must be text in quotes, not a number'],
  },
  {
    behaviour: 'refuses the redacted placeholders that config check --print shows',
    text: yaml([POLICY], ['  tc-prod: { provider: tencent, region: ap-guangzhou, auth: { secretId: "AKID…", secretKey: "[redacted]" } }']),
    problems: [
      'accounts.tc-prod.auth.secretId: is a redacted placeholder, as eipbot config check --print shows credentials; put the real value here, preferably as ${VAR}',
      'accounts.tc-prod.auth.secretKey: is a redacted placeholder, as eipbot config check --print shows credentials; put the real value here, preferably as ${VAR}',
    ],
  },
  // YAML itself
  {
    behaviour: 'gives the line and column of a duplicated key',
    text: 'policy: { approvers: [U0APPROVER1] }\npolicy: { approvals: 2 }\naccounts: {}\n',
    problems: ['line 2, column 1: Map keys must be unique; remove one of the two'],
  },
  {
    behaviour: 'gives the line and column of a tab used for indentation',
    text: 'policy:\n\tapprovers: [U0APPROVER1]\n',
    problems: ['line 2, column 1: Tabs are not allowed as indentation; indent with spaces'],
  },
  {
    behaviour: 'refuses a file of several YAML documents',
    text: `${yaml([POLICY])}---\n${yaml([POLICY])}`,
    problems: ['line 5, column 1: the file holds more than one YAML document (a --- line); keep only one'],
  },
  {
    behaviour: 'refuses an alias to an anchor that does not exist',
    text: yaml(['policy: *defaults']),
    problems: ['cannot expand the YAML aliases (*name): Unresolved alias (the anchor must be set before the alias): defaults'],
  },
  // Everything at once
  {
    behaviour: 'lists every problem of a file at once, in the order of the file',
    text: [
      'store: "postgres://db/eipbot"',
      'defaultAccount: hw',
      'policy:',
      '  aprovers: [U0APPROVER1]',
      '  approvals: 0',
      'accounts:',
      '  hw-prod: { provider: huawei, api: v4, region: cn-north-4, auth: { type: aksk, accessKey: "${HW_AK}", secretKey: "${MISSING_SK}" } }',
      '  tc-prod: { provider: tencent, region: ap-guangzhou, auth: { secretId: a, secretKey: b }, endpoints: { eip: "eip.api.qcloud.com" } }',
      '',
    ].join('\n'),
    problems: [
      'store: The store URL "postgres://db/eipbot" is not valid: it names no known backend. Use sqlite://./relative/path.sqlite, sqlite:///absolute/path.sqlite, redis://[:password@]host:port[/db] or rediss://… for TLS (optionally ?prefix=myprefix: instead of eipbot:).',
      'defaultAccount: "hw" is not one of the accounts (hw-prod, tc-prod)',
      'policy: unknown key "aprovers" (did you mean "approvers"?)',
      'policy.approvals: must be a whole number from 1 to 10, not the number 0',
      'accounts.hw-prod.projectId: is required with aksk auth: copy the project id of the region from "My Credentials" in the console',
      'accounts.hw-prod.api: must be v1 or v3, not "v4"',
      'accounts.hw-prod.auth.secretKey: environment variable MISSING_SK is not set',
      'accounts.tc-prod.endpoints.eip: must be an http(s) URL such as https://eip.api.qcloud.com, not the text "eip.api.qcloud.com"',
    ],
  },
];

describe('loading a bad eipbot.yml', () => {
  it.each(cases.map((bad) => [bad.behaviour, bad] as const))('%s', (_, { text, env, problems }) => {
    expect(problemsOf(files.write(text), env ?? TEST_ENV, files.dir)).toEqual(problems);
  });
});
