/**
 * The /eip verbs as users read them: one usage line each (SPEC §2), a one-line
 * summary and an example. Plain text: whoever puts it in a Slack message escapes
 * `&`, `<` and `>` for mrkdwn (the usage lines are full of `<eip>`).
 */

export const COMMAND_VERBS = ['help', 'show', 'list', 'bind', 'unbind', 'move', 'isolate', 'vip', 'requests', 'cancel'] as const;
export type CommandVerb = (typeof COMMAND_VERBS)[number];

export interface CommandHelp {
  verb: CommandVerb;
  usage: string;
  summary: string;
  example: string;
}

const HELP: Record<CommandVerb, Omit<CommandHelp, 'verb'>> = {
  help: { usage: '/eip help [<command>]', summary: 'this list, or the usage of one command', example: '/eip help unbind' },
  show: { usage: '/eip show <eip> [--account A]', summary: 'live state of one EIP', example: '/eip show 203.0.113.10' },
  list: {
    usage: '/eip list [--server <id>] [--account A]',
    summary: 'EIPs of an account, or those bound to one server',
    example: '/eip list --server ins-0a1b2c3d --account tc-prod',
  },
  bind: {
    usage: '/eip bind <eip|new> <target> [--account A] [--reason "…"] [--bandwidth N]',
    summary: 'bind an EIP to a server or NIC; new creates a pay-per-use EIP (--bandwidth Mbit/s, default 5)',
    example: '/eip bind new ins-0a1b2c3d --bandwidth 10 --reason "INC-42 failover"',
  },
  unbind: {
    usage: '/eip unbind <eip|eni:<eni-id>/<ip>> [--account A] [--reason "…"] [--realloc-wan-ip]',
    summary: 'unbind an EIP (Tencent: also by ENI and private IP; --realloc-wan-ip gives the server a normal public IP)',
    example: '/eip unbind 203.0.113.10 --reason "INC-42 compromised host"',
  },
  move: {
    usage: '/eip move <eip> <target> [--account A] [--reason "…"]',
    summary: 'unbind an EIP from where it is and bind it to the target, as one change',
    example: '/eip move eip-mksy14ay ins-4e5f6a7b --reason "fail over to standby"',
  },
  isolate: {
    usage: '/eip isolate <server> [--account A] [--reason "…"] [--realloc-wan-ip]',
    summary: 'unbind every EIP bound to a server (incident action)',
    example: '/eip isolate ins-0a1b2c3d --reason "INC-42 compromised host"',
  },
  vip: {
    usage: '/eip vip unbind <nic-id> [--account A] [--reason "…"]',
    summary: 'unbind the virtual IP of an ECS NIC (Huawei)',
    example: '/eip vip unbind 5d0c5a2e-8f4b-4e0a-9d1c-2b7a6f0e4d13 --account hw-prod',
  },
  requests: { usage: '/eip requests', summary: 'pending change requests in this channel', example: '/eip requests' },
  cancel: { usage: '/eip cancel <request-id>', summary: 'withdraw a pending request you made', example: '/eip cancel R-7K2F9Q' },
};

export const COMMAND_HELP: readonly CommandHelp[] = COMMAND_VERBS.map((verb) => ({ verb, ...HELP[verb] }));

export function usageOf(verb: CommandVerb): string {
  return HELP[verb].usage;
}

/** Every usage line: what a user sees after an unknown verb. */
export function allUsage(): string {
  return COMMAND_HELP.map((help) => help.usage).join('\n');
}

/** `/eip help`: every verb with what it does and an example. */
export function helpText(): string {
  const lines = [
    'eipbot binds and unbinds Elastic IPs. Every change is a request that an approver approves in the channel before it runs.',
    '',
  ];
  for (const help of COMMAND_HELP) {
    lines.push(help.usage, `    ${help.summary}. Example: ${help.example}`);
  }
  lines.push(
    '',
    '<eip> is an EIP id (Huawei UUID or Tencent eip-xxxxxxxx) or its public IP address.',
    '<target> is a server id (Huawei ECS UUID or Tencent ins-xxxxxxxx), port:<port-id> (Huawei) or eni:<eni-id>/<private-ip> (Tencent).',
    'Without --account the default account is used. Options take a value as --account A or --account=A.',
  );
  return lines.join('\n');
}
