import { describe, expect, it } from 'vitest';
import { allUsage, COMMAND_HELP, usageOf, type CommandVerb } from '../../src/slack/command-usage.js';
import { helpText, parseCommand, type SlashCommand } from '../../src/slack/parse-command.js';

const HW_EIP = '5d0c5a2e-8f4b-4e0a-9d1c-2b7a6f0e4d13';
const HW_SERVER = 'a1b2c3d4-0000-4e0a-9d1c-2b7a6f0e4d13';
const HW_PORT = '9f8e7d6c-1111-4a2b-8c3d-4e5f6a7b8c9d';
const VERB_LIST = 'The commands are help, show, list, bind, unbind, move, isolate, vip unbind, requests and cancel';

/** [what the user typed, the exact error, the verb whose usage is shown (undefined: all of them)] */
const malformed: [string, string, CommandVerb | undefined][] = [
  ['unbnd 203.0.113.10', '"unbnd" is not an /eip command. Did you mean "unbind"?', undefined],
  ['frobnicate', `"frobnicate" is not an /eip command. ${VERB_LIST}`, undefined],
  ['detach 203.0.113.10', '"detach" is not an /eip command. Did you mean "unbind"?', undefined],
  ['203.0.113.10', '"203.0.113.10" is not an /eip command. To see that EIP, write /eip show 203.0.113.10', undefined],
  [
    '--account hw-prod unbind 203.0.113.10',
    '"--account" is an option, not a command: write the command first, like /eip unbind <eip> --reason "why"',
    undefined,
  ],
  ['bind 203.0.113.10', 'bind needs a target: a server id, port:<id> or eni:<id>/<ip>', 'bind'],
  ['bind', 'bind needs an EIP (its id, its public IP address, or new) and a target: /eip bind <eip|new> <target>', 'bind'],
  ['show', 'show needs an EIP: its id (Huawei UUID or Tencent eip-xxxxxxxx) or its public IP address', 'show'],
  ['unbind', 'unbind needs an EIP: its id, its public IP address, or eni:<eni-id>/<private-ip>', 'unbind'],
  ['move eip-mksy14ay', 'move needs a target: a server id, port:<id> or eni:<id>/<ip>', 'move'],
  ['isolate', 'isolate needs a server id: a Huawei ECS UUID or a Tencent ins-xxxxxxxx', 'isolate'],
  ['cancel', 'cancel needs a request id, like R-7K2F9Q', 'cancel'],
  ['vip', 'vip needs an action: /eip vip unbind <nic-id>', 'vip'],
  ['vip bind x', '"bind" is not a vip action: the only one is vip unbind <nic-id>', 'vip'],
  ['vip unbnd x', '"unbnd" is not a vip action. Did you mean "unbind"?', 'vip'],
  ['vip unbind', 'vip unbind needs the NIC id: the UUID of the Huawei ECS NIC (its port id)', 'vip'],
  ['show 1.2.3', '"1.2.3" is not an IPv4 address: that is four numbers from 0 to 255, like 203.0.113.10', 'show'],
  ['show 203.0.113.256', '"203.0.113.256" is not an IPv4 address: that is four numbers from 0 to 255, like 203.0.113.10', 'show'],
  ['show 010.0.0.1', '"010.0.0.1" is not an IPv4 address: that is four numbers from 0 to 255, like 203.0.113.10', 'show'],
  ['show eip-123', '"eip-123" is not a Tencent EIP id: those are eip- followed by 8 letters or digits, like eip-mksy14ay', 'show'],
  [
    'show 5d0c5a2e-8f4b-4e0a-9d1c',
    '"5d0c5a2e-8f4b-4e0a-9d1c" is not a Huawei id: those are UUIDs like 5d0c5a2e-8f4b-4e0a-9d1c-2b7a6f0e4d13',
    'show',
  ],
  ['show ins-0a1b2c3d', '"ins-0a1b2c3d" is a server, not an EIP: to see its EIPs, use /eip list --server ins-0a1b2c3d', 'show'],
  ['unbind ins-0a1b2c3d', '"ins-0a1b2c3d" is a server, not an EIP: to unbind every EIP of a server, use /eip isolate ins-0a1b2c3d', 'unbind'],
  ['unbind eni-0a1b2c3d', '"eni-0a1b2c3d" is an ENI, not an EIP: to unbind by ENI, write eni:eni-0a1b2c3d/<private-ip>', 'unbind'],
  [
    'unbind eni:eni-0a1b2c3d/10.0.0',
    '"eni:eni-0a1b2c3d/10.0.0" does not end in a private IPv4 address: eni:eni-0a1b2c3d/<private-ip>, like eni:eni-0a1b2c3d/10.0.0.5',
    'unbind',
  ],
  ['bind eip-mksy14ay eni-0a1b2c3d', '"eni-0a1b2c3d" is an ENI: write the target as eni:eni-0a1b2c3d/<private-ip>', 'bind'],
  [
    'bind eip-mksy14ay eni:eni-0a1b2c3d',
    '"eni:eni-0a1b2c3d" needs the private IP after the ENI id: eni:eni-0a1b2c3d/<private-ip>',
    'bind',
  ],
  [
    'bind 203.0.113.10 port:xyz',
    '"port:xyz" is not a port: port:<id> takes a Huawei port UUID, like port:5d0c5a2e-8f4b-4e0a-9d1c-2b7a6f0e4d13',
    'bind',
  ],
  [
    'bind 203.0.113.10 10.0.0.5',
    '"10.0.0.5" is an address, not a target: the target is a server id, port:<id> or eni:<eni-id>/<private-ip>',
    'bind',
  ],
  [
    'bind eip-mksy14ay eip-4e5f6a7b',
    '"eip-4e5f6a7b" is an EIP, not a target: the target is a server id, port:<id> or eni:<id>/<ip>',
    'bind',
  ],
  [
    `bind eip-mksy14ay port:${HW_PORT}`,
    `eip-mksy14ay is a Tencent EIP but port:${HW_PORT} is a Huawei port: an EIP binds only within its own cloud account`,
    'bind',
  ],
  [
    `move ${HW_EIP} ins-4e5f6a7b`,
    `${HW_EIP} is a Huawei EIP but ins-4e5f6a7b is a Tencent server: an EIP binds only within its own cloud account`,
    'move',
  ],
  [
    'bind 203.0.113.10 ins-0a1b2c3d --bandwidth 10',
    '--bandwidth only applies to bind new: an existing EIP keeps its bandwidth',
    'bind',
  ],
  ['bind new ins-0a1b2c3d --bandwidth 0', '--bandwidth must be a whole number of Mbit/s from 1 to 2000, not "0"', 'bind'],
  ['bind new ins-0a1b2c3d --bandwidth=2001', '--bandwidth must be a whole number of Mbit/s from 1 to 2000, not "2001"', 'bind'],
  ['bind new ins-0a1b2c3d --bandwidth 10.5', '--bandwidth must be a whole number of Mbit/s from 1 to 2000, not "10.5"', 'bind'],
  ['bind new ins-0a1b2c3d --bandwidth', '--bandwidth needs a value: --bandwidth <Mbit/s>', 'bind'],
  [
    'unbind 203.0.113.10 --bandwidth 10',
    'unbind does not take --bandwidth; its options are --account, --reason and --realloc-wan-ip',
    'unbind',
  ],
  [
    'bind 203.0.113.10 ins-0a1b2c3d --realloc-wan-ip',
    'bind does not take --realloc-wan-ip; its options are --account, --reason and --bandwidth',
    'bind',
  ],
  ['show 203.0.113.10 --reason "looking"', 'show does not take --reason; its only option is --account', 'show'],
  ['requests --account hw-prod', 'requests takes no options, so --account does not apply', 'requests'],
  ['cancel R-7K2F9Q --force', '"--force" is not an option; cancel takes none', 'cancel'],
  ['unbind 203.0.113.10 --acount hw-prod', '"--acount" is not an option. Did you mean "--account"?', 'unbind'],
  ['unbind 203.0.113.10 --realloc', '"--realloc" is not an option. Did you mean "--realloc-wan-ip"?', 'unbind'],
  [
    'unbind 203.0.113.10 --force',
    '"--force" is not an option of unbind; its options are --account, --reason and --realloc-wan-ip',
    'unbind',
  ],
  ['unbind 203.0.113.10 --account a --account b', '--account is given twice; give it once', 'unbind'],
  ['unbind 203.0.113.10 --account', '--account needs a value: --account <name>', 'unbind'],
  ['unbind 203.0.113.10 --reason --account hw-prod', '--reason needs a value: --reason "why"', 'unbind'],
  ['unbind 203.0.113.10 --reason ""', '--reason needs a value: --reason "why"', 'unbind'],
  ['unbind 203.0.113.10 --reason="  "', '--reason needs a value: --reason "why"', 'unbind'],
  ['unbind eip-mksy14ay --realloc-wan-ip=yes', '--realloc-wan-ip takes no value: write just --realloc-wan-ip', 'unbind'],
  [`unbind ${HW_EIP} --realloc-wan-ip`, `--realloc-wan-ip is a Tencent Cloud option, and ${HW_EIP} is a Huawei EIP`, 'unbind'],
  [
    `isolate ${HW_SERVER} --realloc-wan-ip`,
    `--realloc-wan-ip is a Tencent Cloud option, and ${HW_SERVER} is a Huawei server`,
    'isolate',
  ],
  ['unbind 203.0.113.10 -a hw-prod', '"-a" is not an option: options start with two dashes, like --account', 'unbind'],
  [
    'unbind 203.0.113.10 --account prod!',
    '"prod!" is not an account name: accounts in eipbot.yml are named with letters, digits, - and _',
    'unbind',
  ],
  [
    'unbind 203.0.113.10 --reason INC-42 compromised host',
    'The reason has several words: put it in quotes, like --reason "INC-42 compromised host"',
    'unbind',
  ],
  [
    'unbind --reason INC-42 compromised 203.0.113.10',
    'The reason has several words: put it in quotes, like --reason "INC-42 compromised"',
    'unbind',
  ],
  [
    'unbind 203.0.113.10 --reason "INC-42 compromised',
    'The quote that starts "INC-42 compromised" is never closed: end it with a matching quote',
    'unbind',
  ],
  ['unbind 203.0.113.10 --reason "', 'A quote at the end of the command is never closed: remove it', 'unbind'],
  [`unbind 203.0.113.10 --reason "${'x'.repeat(501)}"`, 'The reason is 501 characters long; keep it to 500', 'unbind'],
  [
    'unbind 203.0.113.10 --reason "INC-42 \u0007 down"',
    'The reason contains an invisible control character (U+0007): type it again without it',
    'unbind',
  ],
  [
    'unbind 203.0.113.10 --reason "INC-42 \u202Enwod"',
    'The reason contains an invisible control character (U+202E): type it again without it',
    'unbind',
  ],
  [
    'unbind 203.0.113.10 --reason "\u200D"',
    'The reason has no visible text: say why, like --reason "INC-42 compromised host"',
    'unbind',
  ],
  ['unbind 203.0.113.10 203.0.113.11', 'unbind takes one EIP; "203.0.113.11" is one argument too many', 'unbind'],
  ['requests now', 'requests takes no arguments; "now" is extra', 'requests'],
  ['list ins-0a1b2c3d', 'list takes the server as an option: /eip list --server ins-0a1b2c3d', 'list'],
  [
    'list --server 203.0.113.10',
    '"203.0.113.10" is an EIP, not a server: give a Huawei ECS UUID or a Tencent ins-xxxxxxxx',
    'list',
  ],
  [
    'isolate 203.0.113.10',
    '"203.0.113.10" is an EIP, not a server: to unbind one EIP, use /eip unbind 203.0.113.10',
    'isolate',
  ],
  ['isolate port:' + HW_PORT, `"port:${HW_PORT}" is a NIC, not a server: give a Huawei ECS UUID or a Tencent ins-xxxxxxxx`, 'isolate'],
  ['move new ins-0a1b2c3d', 'move takes an existing EIP; to create one, use /eip bind new <target>', 'move'],
  [
    'cancel R-12345',
    '"R-12345" is not a request id: those are R- and 6 letters or digits, like R-7K2F9Q (never 0, 1, I, L, O or U)',
    'cancel',
  ],
  [
    'cancel R-7K2F0Q',
    '"R-7K2F0Q" is not a request id: those are R- and 6 letters or digits, like R-7K2F9Q (never 0, 1, I, L, O or U)',
    'cancel',
  ],
  ['cancel 42', '"42" is not a request id: those look like R-7K2F9Q', 'cancel'],
  [
    'vip unbind eni-0a1b2c3d',
    '"eni-0a1b2c3d" is a Tencent ENI: vip unbind works on Huawei ECS NICs, named by their port UUID',
    'vip',
  ],
  ['help frob', `"frob" is not an /eip command. ${VERB_LIST}`, 'help'],
  ['help 203.0.113.10 unbind', 'help takes at most one command; "unbind" is one argument too many', 'help'],
  ['unbind "ins-0a1b2c3d"x', 'The quote that starts "ins-0a1b2c3d"x" is never closed: end it with a matching quote', 'unbind'],
  [`unbind 203.0.113.10 --reason "${'y'.repeat(3990)}"`, 'This command is 4021 characters long; an /eip command is at most 4000', 'unbind'],
];

describe('parseCommand: malformed commands', () => {
  it('has a table of at least 30 distinct mistakes', () => {
    expect(new Set(malformed.map(([text]) => text)).size).toBe(malformed.length);
    expect(malformed.length).toBeGreaterThanOrEqual(30);
  });

  it.each(malformed)('answers %j with what is wrong and the usage of that command', (text, error, verb) => {
    expect(parseCommand(text)).toEqual({ ok: false, error, usage: verb === undefined ? allUsage() : usageOf(verb) });
  });
});

const goodCommands: [string, SlashCommand][] = [
  ['', { kind: 'help' }],
  ['HELP', { kind: 'help' }],
  ['help Unbind', { kind: 'help', verb: 'unbind' }],
  ['show 203.0.113.10', { kind: 'show', eip: '203.0.113.10' }],
  ['Show EIP-MKSY14AY --account=tc-prod', { kind: 'show', eip: 'eip-mksy14ay', account: 'tc-prod' }],
  ['list', { kind: 'list' }],
  ['list --server INS-0A1B2C3D --account tc-prod', { kind: 'list', serverId: 'ins-0a1b2c3d', account: 'tc-prod' }],
  [
    'bind 203.0.113.10 ins-0a1b2c3d --reason "INC-42 failover"',
    {
      kind: 'change',
      args: { action: 'bind', eip: '203.0.113.10', target: { kind: 'server', serverId: 'ins-0a1b2c3d' } },
      reason: 'INC-42 failover',
    },
  ],
  [
    `bind ${HW_EIP.toUpperCase()} port:${HW_PORT} --account hw-prod`,
    { kind: 'change', args: { action: 'bind', eip: HW_EIP, target: { kind: 'nic', nicId: HW_PORT } }, account: 'hw-prod' },
  ],
  [
    `bind ${HW_EIP} ${HW_SERVER}`,
    { kind: 'change', args: { action: 'bind', eip: HW_EIP, target: { kind: 'server', serverId: HW_SERVER } } },
  ],
  [
    'bind new eni:eni-0a1b2c3d/10.0.0.5',
    {
      kind: 'change',
      args: { action: 'bind-new', target: { kind: 'nic', nicId: 'eni-0a1b2c3d', privateIp: '10.0.0.5' }, bandwidthMbps: 5 },
    },
  ],
  [
    'BIND NEW ins-0a1b2c3d --bandwidth=2000',
    { kind: 'change', args: { action: 'bind-new', target: { kind: 'server', serverId: 'ins-0a1b2c3d' }, bandwidthMbps: 2000 } },
  ],
  // Straight, typographic (what macOS and iOS type), mixed, and the `=` form of each.
  ...[
    ' "INC-42 compromised host"',
    " 'INC-42 compromised host'",
    ' \u201CINC-42 compromised host\u201D',
    ' \u2018INC-42 compromised host\u2019',
    ' \u201CINC-42 compromised host"',
    '="INC-42 compromised host"',
    '=\u201CINC-42 compromised host\u201D',
    "='INC-42 compromised host'",
  ].map((quoted): [string, SlashCommand] => [
    `unbind 203.0.113.10 --reason${quoted}`,
    { kind: 'change', args: { action: 'unbind', ref: { kind: 'eip', eip: '203.0.113.10' } }, reason: 'INC-42 compromised host' },
  ]),
  [
    "unbind 203.0.113.10 --reason 'can't reach it'",
    { kind: 'change', args: { action: 'unbind', ref: { kind: 'eip', eip: '203.0.113.10' } }, reason: "can't reach it" },
  ],
  [
    'unbind 203.0.113.10 --reason=\u201Cit\u2019s down\u201D',
    { kind: 'change', args: { action: 'unbind', ref: { kind: 'eip', eip: '203.0.113.10' } }, reason: 'it\u2019s down' },
  ],
  [
    'unbind 203.0.113.10 --reason INC-42',
    { kind: 'change', args: { action: 'unbind', ref: { kind: 'eip', eip: '203.0.113.10' } }, reason: 'INC-42' },
  ],
  [
    'unbind --reason INC-42 203.0.113.10',
    { kind: 'change', args: { action: 'unbind', ref: { kind: 'eip', eip: '203.0.113.10' } }, reason: 'INC-42' },
  ],
  [
    'unbind 203.0.113.10 --reason "a &amp; b &lt;3 &amp;lt;"',
    { kind: 'change', args: { action: 'unbind', ref: { kind: 'eip', eip: '203.0.113.10' } }, reason: 'a & b <3 &lt;' },
  ],
  [
    'unbind 203.0.113.10 --reason "line one\n  line two"',
    { kind: 'change', args: { action: 'unbind', ref: { kind: 'eip', eip: '203.0.113.10' } }, reason: 'line one line two' },
  ],
  [
    'unbind 203.0.113.10 --reason "--force is not an option here"',
    { kind: 'change', args: { action: 'unbind', ref: { kind: 'eip', eip: '203.0.113.10' } }, reason: '--force is not an option here' },
  ],
  [
    `unbind 203.0.113.10 --reason "${'z'.repeat(500)}"`,
    { kind: 'change', args: { action: 'unbind', ref: { kind: 'eip', eip: '203.0.113.10' } }, reason: 'z'.repeat(500) },
  ],
  [
    'unbind 203.0.113.10 \u2014reason \u201CINC-42\u201D \u2013account hw-prod',
    { kind: 'change', args: { action: 'unbind', ref: { kind: 'eip', eip: '203.0.113.10' } }, reason: 'INC-42', account: 'hw-prod' },
  ],
  [
    '  unbind\u00A0203.0.\u200B113.10\t',
    { kind: 'change', args: { action: 'unbind', ref: { kind: 'eip', eip: '203.0.113.10' } } },
  ],
  [
    'unbind ENI:ENI-0A1B2C3D/10.0.0.5 --realloc-wan-ip',
    { kind: 'change', args: { action: 'unbind', ref: { kind: 'nic', nicId: 'eni-0a1b2c3d', privateIp: '10.0.0.5' }, reallocWanIp: true } },
  ],
  [
    'unbind eip-mksy14ay --REALLOC-WAN-IP',
    { kind: 'change', args: { action: 'unbind', ref: { kind: 'eip', eip: 'eip-mksy14ay' }, reallocWanIp: true } },
  ],
  [
    'move eip-mksy14ay ins-4e5f6a7b --account tc-prod --reason "fail over"',
    {
      kind: 'change',
      args: { action: 'move', eip: 'eip-mksy14ay', target: { kind: 'server', serverId: 'ins-4e5f6a7b' } },
      account: 'tc-prod',
      reason: 'fail over',
    },
  ],
  [
    'isolate ins-0a1b2c3d --realloc-wan-ip --reason "INC-42"',
    { kind: 'change', args: { action: 'isolate', serverId: 'ins-0a1b2c3d', reallocWanIp: true }, reason: 'INC-42' },
  ],
  [`isolate ${HW_SERVER}`, { kind: 'change', args: { action: 'isolate', serverId: HW_SERVER } }],
  [`vip unbind ${HW_PORT}`, { kind: 'change', args: { action: 'vip-unbind', nicId: HW_PORT } }],
  [
    `VIP Unbind port:${HW_PORT} --account hw-prod --reason "move VIP"`,
    { kind: 'change', args: { action: 'vip-unbind', nicId: HW_PORT }, account: 'hw-prod', reason: 'move VIP' },
  ],
  ['requests', { kind: 'requests' }],
  ['Cancel r-7k2f9q', { kind: 'cancel', requestId: 'R-7K2F9Q' }],
];

describe('parseCommand: well-formed commands', () => {
  it.each(goodCommands)('reads %j as the typed command', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it('reads a reason with &, < and > that Slack sent HTML-escaped', () => {
    expect(parseCommand('unbind 203.0.113.10 --reason "R&amp;D &lt;prod&gt; outage"')).toEqual({
      ok: true,
      command: { kind: 'change', args: { action: 'unbind', ref: { kind: 'eip', eip: '203.0.113.10' } }, reason: 'R&D <prod> outage' },
    });
  });
});

describe('help', () => {
  it('lists every command with an example that itself parses', () => {
    const text = helpText();
    for (const help of COMMAND_HELP) {
      expect(text).toContain(help.usage);
      expect(text).toContain(help.example);
      const parsed = parseCommand(help.example.replace(/^\/eip /, ''));
      expect(parsed, help.example).toMatchObject({ ok: true });
    }
  });

  it('fits in one Slack section block (3000 characters)', () => {
    expect(helpText().length).toBeLessThanOrEqual(3000);
  });
});
