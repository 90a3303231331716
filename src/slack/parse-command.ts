/**
 * `/eip …` text → a typed command, exactly the grammar of SPEC §2. It never throws:
 * every malformed command gets one error that names what is wrong, and the usage line
 * of the verb (every verb's, when the verb itself is unknown). Error and usage texts
 * are plain text; escape `&`, `<`, `>` before putting them in a mrkdwn message.
 */
import type { TargetRef } from '../providers/provider.js';
import { normalizeRequestId } from '../requests/request-id.js';
import { closestWord } from './closest-word.js';
import { allUsage, COMMAND_VERBS, usageOf, type CommandVerb } from './command-usage.js';
import { quoteFragment } from './quote-fragment.js';
import { recognizeResourceId, type ResourceId } from './resource-id.js';
import {
  ACCOUNT_NAME_PATTERN,
  DEFAULT_BANDWIDTH_MBPS,
  MAX_BANDWIDTH_MBPS,
  MAX_REASON_CHARS,
  slashCommandSchema,
  type RequestableAction,
  type SlashCommand,
} from './slash-command.js';
import { tokenizeCommand, type CommandToken } from './tokenize-command.js';
import { unescapeSlackText } from './unescape-slack-text.js';

export type { SlashCommand } from './slash-command.js';
export { helpText } from './command-usage.js';

export type ParseResult = { ok: true; command: SlashCommand } | { ok: false; error: string; usage: string };

/** A real /eip command is a few hundred characters (a reason is at most 500); refusing more bounds the work on hostile input. */
export const MAX_COMMAND_CHARS = 4000;

/** The error if the parser ever built a command its own schema refuses: a bug, never a user mistake. */
export const UNREADABLE_COMMAND = 'eipbot could not read this command; please report it to the eipbot maintainers';

type OptionName = 'account' | 'reason' | 'bandwidth' | 'server' | 'realloc-wan-ip';
const OPTION_NAMES: readonly OptionName[] = ['account', 'reason', 'bandwidth', 'server', 'realloc-wan-ip'];

/** How each option's value is written in messages; undefined for a switch. */
const OPTION_VALUE: Record<OptionName, string | undefined> = {
  account: '<name>',
  reason: '"why"',
  bandwidth: '<Mbit/s>',
  server: '<id>',
  'realloc-wan-ip': undefined,
};

const OPTIONS_OF: Record<CommandVerb, readonly OptionName[]> = {
  help: [],
  show: ['account'],
  list: ['server', 'account'],
  bind: ['account', 'reason', 'bandwidth'],
  unbind: ['account', 'reason', 'realloc-wan-ip'],
  move: ['account', 'reason'],
  isolate: ['account', 'reason', 'realloc-wan-ip'],
  vip: ['account', 'reason'],
  requests: [],
  cancel: [],
};

/** Words people reach for (from the clouds' consoles and other CLIs); suggested, never accepted. */
const SYNONYMS = new Map<string, CommandVerb>(
  Object.entries({
  status: 'show',
  get: 'show',
  describe: 'show',
  info: 'show',
  ls: 'list',
  attach: 'bind',
  associate: 'bind',
  detach: 'unbind',
  disassociate: 'unbind',
  pending: 'requests',
  withdraw: 'cancel',
  } satisfies Record<string, CommandVerb>),
);

const POSITIONALS: Record<CommandVerb, { min: number; max: number; what: string }> = {
  help: { min: 0, max: 1, what: 'at most one command' },
  show: { min: 1, max: 1, what: 'one EIP' },
  list: { min: 0, max: 0, what: 'no arguments besides its options' },
  bind: { min: 2, max: 2, what: 'an EIP and a target' },
  unbind: { min: 1, max: 1, what: 'one EIP' },
  move: { min: 2, max: 2, what: 'an EIP and a target' },
  isolate: { min: 1, max: 1, what: 'one server' },
  vip: { min: 1, max: 1, what: 'one NIC id' },
  requests: { min: 0, max: 0, what: 'no arguments' },
  cancel: { min: 1, max: 1, what: 'one request id' },
};

const TARGET_FORMS = 'a server id, port:<id> or eni:<id>/<ip>';
const EIP_FORMS = 'its id (Huawei UUID or Tencent eip-xxxxxxxx) or its public IP address';
const SERVER_FORMS = 'a Huawei ECS UUID or a Tencent ins-xxxxxxxx';

/** What is missing when a verb has too few arguments, by how many it got. */
const MISSING: Record<CommandVerb, readonly string[]> = {
  help: [],
  show: [`show needs an EIP: ${EIP_FORMS}`],
  list: [],
  bind: [
    'bind needs an EIP (its id, its public IP address, or new) and a target: /eip bind <eip|new> <target>',
    `bind needs a target: ${TARGET_FORMS}`,
  ],
  unbind: ['unbind needs an EIP: its id, its public IP address, or eni:<eni-id>/<private-ip>'],
  move: ['move needs an EIP and a target: /eip move <eip> <target>', `move needs a target: ${TARGET_FORMS}`],
  isolate: [`isolate needs a server id: ${SERVER_FORMS}`],
  vip: ['vip unbind needs the NIC id: the UUID of the Huawei ECS NIC (its port id)'],
  requests: [],
  cancel: ['cancel needs a request id, like R-7K2F9Q'],
};

interface Word {
  text: string;
  /** Position among the command's tokens, to tell which words follow which option. */
  index: number;
}

interface OptionValue {
  value: string | true;
  quoted: boolean;
  index: number;
}

class CommandError {
  constructor(readonly message: string) {}
}

type Checked<T> = T | CommandError;

const isError = (value: unknown): value is CommandError => value instanceof CommandError;

function phrase(verb: CommandVerb): string {
  return verb === 'vip' ? 'vip unbind' : verb;
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function optionList(verb: CommandVerb): string {
  const options = OPTIONS_OF[verb].map((name) => `--${name}`);
  return options.length === 1 ? `its only option is ${options[0]}` : `its options are ${listWords(options)}`;
}

const VERB_LIST = 'The commands are help, show, list, bind, unbind, move, isolate, vip unbind, requests and cancel';

function isVerb(word: string): word is CommandVerb {
  return (COMMAND_VERBS as readonly string[]).includes(word);
}

function unknownVerb(text: string): CommandError {
  const shown = quoteFragment(text);
  const lower = text.toLowerCase();
  const id = recognizeResourceId(text);
  if (id.kind === 'uuid' || id.kind === 'tencent-eip' || id.kind === 'ipv4') {
    const ref = id.kind === 'ipv4' ? id.address : id.id;
    return new CommandError(`${shown} is not an /eip command. To see that EIP, write /eip show ${ref}`);
  }
  const suggestion = SYNONYMS.get(lower) ?? closestWord(lower, COMMAND_VERBS);
  if (suggestion !== undefined) return new CommandError(`${shown} is not an /eip command. Did you mean "${phrase(suggestion)}"?`);
  return new CommandError(`${shown} is not an /eip command. ${VERB_LIST}`);
}

interface OptionSyntax {
  /** As typed, dashes normalised: `--acount`. */
  shown: string;
  name: string;
  inline?: string;
  singleDash: boolean;
}

/**
 * Is this word an option? macOS and iOS turn a typed `--` into an em or en dash, so
 * `—reason` is read as `--reason`. A single dash followed by a letter is a mistyped
 * option; `-5` is a (negative) value.
 */
function optionSyntax(token: CommandToken): OptionSyntax | undefined {
  if (token.quote === 'word') return undefined;
  const match = /^(?:--|[\u2014\u2013])([^=]*)(?:=([\s\S]*))?$/u.exec(token.text);
  if (match !== null) {
    const name = (match[1] ?? '').toLowerCase();
    const inline = match[2];
    return { shown: `--${match[1] ?? ''}`, name, singleDash: false, ...(inline === undefined ? {} : { inline }) };
  }
  if (/^-\p{L}/u.test(token.text)) {
    return { shown: token.text.split('=')[0] ?? token.text, name: '', singleDash: true };
  }
  return undefined;
}

function isOptionName(name: string): name is OptionName {
  return (OPTION_NAMES as readonly string[]).includes(name);
}

function unknownOption(verb: CommandVerb, option: OptionSyntax): CommandError {
  const shown = quoteFragment(option.shown);
  const allowed = OPTIONS_OF[verb];
  if (allowed.length === 0) return new CommandError(`${shown} is not an option; ${phrase(verb)} takes none`);
  const prefixMatches = option.name.length >= 3 ? allowed.filter((name) => name.startsWith(option.name)) : [];
  const suggestion = prefixMatches.length === 1 ? prefixMatches[0] : closestWord(option.name, allowed);
  if (suggestion !== undefined) return new CommandError(`${shown} is not an option. Did you mean "--${suggestion}"?`);
  return new CommandError(`${shown} is not an option of ${phrase(verb)}; ${optionList(verb)}`);
}

interface Scanned {
  positionals: Word[];
  options: Map<OptionName, OptionValue>;
}

function scanWords(verb: CommandVerb, tokens: readonly CommandToken[], start: number): Checked<Scanned> {
  const positionals: Word[] = [];
  const options = new Map<OptionName, OptionValue>();
  let i = start;
  while (i < tokens.length) {
    const token = tokens[i] as CommandToken;
    const option = optionSyntax(token);
    if (option === undefined) {
      positionals.push({ text: token.text, index: i });
      i += 1;
      continue;
    }
    if (option.singleDash) {
      return new CommandError(`${quoteFragment(option.shown)} is not an option: options start with two dashes, like --account`);
    }
    const name = option.name;
    if (!isOptionName(name)) return unknownOption(verb, option);
    if (!OPTIONS_OF[verb].includes(name)) {
      return new CommandError(
        OPTIONS_OF[verb].length === 0
          ? `${phrase(verb)} takes no options, so --${name} does not apply`
          : `${phrase(verb)} does not take --${name}; ${optionList(verb)}`,
      );
    }
    if (options.has(name)) return new CommandError(`--${name} is given twice; give it once`);
    const valueForm = OPTION_VALUE[name];
    if (valueForm === undefined) {
      if (option.inline !== undefined) return new CommandError(`--${name} takes no value: write just --${name}`);
      options.set(name, { value: true, quoted: false, index: i });
      i += 1;
      continue;
    }
    let value: OptionValue;
    if (option.inline !== undefined) {
      value = { value: option.inline, quoted: token.quote === 'value', index: i };
      i += 1;
    } else {
      const next = tokens[i + 1];
      if (next === undefined || optionSyntax(next) !== undefined) {
        return new CommandError(`--${name} needs a value: --${name} ${valueForm}`);
      }
      value = { value: next.text, quoted: next.quote === 'word', index: i + 1 };
      i += 2;
    }
    if (typeof value.value === 'string' && value.value.trim() === '') {
      return new CommandError(`--${name} needs a value: --${name} ${valueForm}`);
    }
    options.set(name, value);
  }
  return { positionals, options };
}

function checkCount(verb: CommandVerb, scanned: Scanned): CommandError | undefined {
  const { min, max, what } = POSITIONALS[verb];
  const { positionals, options } = scanned;
  if (positionals.length > max) {
    const reason = options.get('reason');
    if (reason !== undefined && !reason.quoted && typeof reason.value === 'string') {
      // `--reason INC-42 host down`: the words after an unquoted reason are most
      // likely the rest of it, not arguments.
      const following: string[] = [];
      for (const word of positionals) {
        if (word.index === reason.index + 1 + following.length) following.push(word.text);
      }
      const extra = following.slice(0, positionals.length - max);
      if (extra.length > 0) {
        const suggested = quoteFragment([reason.value, ...extra].join(' '), 60);
        return new CommandError(`The reason has several words: put it in quotes, like --reason ${suggested}`);
      }
    }
    const word = positionals[max] as Word;
    if (verb === 'list') {
      const id = recognizeResourceId(word.text);
      if (id.kind === 'uuid' || id.kind === 'tencent-instance') {
        return new CommandError(`list takes the server as an option: /eip list --server ${id.id}`);
      }
    }
    const shown = quoteFragment(word.text);
    return new CommandError(
      max === 0 ? `${phrase(verb)} takes ${what}; ${shown} is extra` : `${phrase(verb)} takes ${what}; ${shown} is one argument too many`,
    );
  }
  // MISSING has one message per count below `min`.
  if (positionals.length < min) return new CommandError(MISSING[verb][positionals.length] as string);
  return undefined;
}

function malformed(text: string, id: ResourceId, fallback: string): CommandError {
  const shown = quoteFragment(text);
  return new CommandError(id.kind === 'malformed' && id.problem !== undefined ? `${shown} ${id.problem}` : `${shown} ${fallback}`);
}

function readEip(verb: CommandVerb, text: string): Checked<string> {
  const id = recognizeResourceId(text);
  const shown = quoteFragment(text);
  switch (id.kind) {
    case 'uuid':
    case 'tencent-eip':
      return id.id;
    case 'ipv4':
      return id.address;
    case 'tencent-instance':
      if (verb === 'unbind') return new CommandError(`${shown} is a server, not an EIP: to unbind every EIP of a server, use /eip isolate ${id.id}`);
      if (verb === 'show') return new CommandError(`${shown} is a server, not an EIP: to see its EIPs, use /eip list --server ${id.id}`);
      return new CommandError(`${shown} is a server, not an EIP: ${verb} takes the EIP first, then the target`);
    case 'tencent-eni':
      if (verb === 'unbind') return new CommandError(`${shown} is an ENI, not an EIP: to unbind by ENI, write eni:${id.id}/<private-ip>`);
      return new CommandError(`${shown} is an ENI, not an EIP: give ${EIP_FORMS}`);
    case 'port':
    case 'eni-address':
      return new CommandError(`${shown} is a target, not an EIP: give ${EIP_FORMS}`);
    case 'malformed':
      if (text.toLowerCase() === 'new') {
        return new CommandError(
          verb === 'move'
            ? 'move takes an existing EIP; to create one, use /eip bind new <target>'
            : `${verb} takes an existing EIP; only bind creates one, with /eip bind new <target>`,
        );
      }
      return malformed(text, id, `is not an EIP: give ${EIP_FORMS}`);
  }
}

function readTarget(text: string): Checked<TargetRef> {
  const id = recognizeResourceId(text);
  const shown = quoteFragment(text);
  switch (id.kind) {
    case 'uuid':
    case 'tencent-instance':
      return { kind: 'server', serverId: id.id };
    case 'port':
      return { kind: 'nic', nicId: id.portId };
    case 'eni-address':
      return { kind: 'nic', nicId: id.eniId, privateIp: id.privateIp };
    case 'tencent-eni':
      return new CommandError(`${shown} is an ENI: write the target as eni:${id.id}/<private-ip>`);
    case 'tencent-eip':
      return new CommandError(`${shown} is an EIP, not a target: the target is ${TARGET_FORMS}`);
    case 'ipv4':
      return new CommandError(`${shown} is an address, not a target: the target is a server id, port:<id> or eni:<eni-id>/<private-ip>`);
    case 'malformed':
      return malformed(
        text,
        id,
        'is not a target: give a server id (Huawei UUID or Tencent ins-xxxxxxxx), port:<id> (Huawei) or eni:<id>/<ip> (Tencent)',
      );
  }
}

function readServer(text: string, forIsolate: boolean): Checked<string> {
  const id = recognizeResourceId(text);
  const shown = quoteFragment(text);
  switch (id.kind) {
    case 'uuid':
    case 'tencent-instance':
      return id.id;
    case 'tencent-eip':
    case 'ipv4': {
      const ref = id.kind === 'ipv4' ? id.address : id.id;
      return new CommandError(
        forIsolate
          ? `${shown} is an EIP, not a server: to unbind one EIP, use /eip unbind ${ref}`
          : `${shown} is an EIP, not a server: give ${SERVER_FORMS}`,
      );
    }
    case 'tencent-eni':
    case 'port':
    case 'eni-address':
      return new CommandError(`${shown} is a NIC, not a server: give ${SERVER_FORMS}`);
    case 'malformed':
      return malformed(text, id, `is not a server id: give ${SERVER_FORMS}`);
  }
}

function readVipNic(text: string): Checked<string> {
  const id = recognizeResourceId(text);
  if (id.kind === 'uuid') return id.id;
  if (id.kind === 'port') return id.portId;
  const shown = quoteFragment(text);
  if (id.kind === 'tencent-eni' || id.kind === 'eni-address') {
    return new CommandError(`${shown} is a Tencent ENI: vip unbind works on Huawei ECS NICs, named by their port UUID`);
  }
  return malformed(text, id, 'is not a NIC id: vip unbind takes the UUID of a Huawei ECS NIC (its port id)');
}

function readRequestId(text: string): Checked<string> {
  const id = normalizeRequestId(text);
  if (id !== undefined) return id;
  const shown = quoteFragment(text);
  if (/^r-/i.test(text)) {
    return new CommandError(`${shown} is not a request id: those are R- and 6 letters or digits, like R-7K2F9Q (never 0, 1, I, L, O or U)`);
  }
  return new CommandError(`${shown} is not a request id: those look like R-7K2F9Q`);
}

function readAccount(text: string): Checked<string> {
  if (ACCOUNT_NAME_PATTERN.test(text) && text.length <= 100) return text;
  return new CommandError(`${quoteFragment(text)} is not an account name: accounts in eipbot.yml are named with letters, digits, - and _`);
}

/** Reason text goes on the card and into the audit: one line, printable, bounded. */
function readReason(text: string): Checked<string> {
  const reason = text.replace(/\s+/gu, ' ').trim();
  // Bidirectional overrides can make a reason read differently from what it says
  // (CVE-2021-42574, "Trojan Source"); control characters garble cards and logs.
  const hidden = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u.exec(reason);
  if (hidden !== null) {
    const code = (hidden[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return new CommandError(`The reason contains an invisible control character (U+${code}): type it again without it`);
  }
  if (!/[\p{L}\p{N}\p{S}\p{P}]/u.test(reason)) {
    return new CommandError('The reason has no visible text: say why, like --reason "INC-42 compromised host"');
  }
  const length = Array.from(reason).length;
  if (length > MAX_REASON_CHARS) return new CommandError(`The reason is ${length} characters long; keep it to ${MAX_REASON_CHARS}`);
  return reason;
}

function readBandwidth(text: string): Checked<number> {
  const mbps = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isInteger(mbps) && mbps >= 1 && mbps <= MAX_BANDWIDTH_MBPS) return mbps;
  return new CommandError(`--bandwidth must be a whole number of Mbit/s from 1 to ${MAX_BANDWIDTH_MBPS}, not ${quoteFragment(text)}`);
}

type Cloud = 'Huawei' | 'Tencent';

function cloudOfEip(eip: string): Cloud | undefined {
  const id = recognizeResourceId(eip);
  if (id.kind === 'uuid') return 'Huawei';
  if (id.kind === 'tencent-eip') return 'Tencent';
  return undefined;
}

function describeTarget(target: TargetRef): { cloud: Cloud; what: string } {
  if (target.kind === 'server') {
    return recognizeResourceId(target.serverId).kind === 'uuid' ? { cloud: 'Huawei', what: 'server' } : { cloud: 'Tencent', what: 'server' };
  }
  return target.privateIp === undefined ? { cloud: 'Huawei', what: 'port' } : { cloud: 'Tencent', what: 'ENI' };
}

function targetText(target: TargetRef): string {
  if (target.kind === 'server') return target.serverId;
  return target.privateIp === undefined ? `port:${target.nicId}` : `eni:${target.nicId}/${target.privateIp}`;
}

function sameCloud(eip: string, target: TargetRef): CommandError | undefined {
  const eipCloud = cloudOfEip(eip);
  const { cloud, what } = describeTarget(target);
  if (eipCloud === undefined || eipCloud === cloud) return undefined;
  return new CommandError(
    `${eip} is a ${eipCloud} EIP but ${targetText(target)} is a ${cloud} ${what}: an EIP binds only within its own cloud account`,
  );
}

interface Options {
  account?: string;
  reason?: string;
  bandwidth?: number;
  server?: string;
  reallocWanIp: boolean;
}

function readOptions(options: Map<OptionName, OptionValue>): Checked<Options> {
  const read: Options = { reallocWanIp: false };
  for (const [name, { value }] of options) {
    if (value === true) {
      read.reallocWanIp = true;
      continue;
    }
    switch (name) {
      case 'account': {
        const account = readAccount(value);
        if (isError(account)) return account;
        read.account = account;
        break;
      }
      case 'reason': {
        const reason = readReason(value);
        if (isError(reason)) return reason;
        read.reason = reason;
        break;
      }
      case 'bandwidth': {
        const bandwidth = readBandwidth(value);
        if (isError(bandwidth)) return bandwidth;
        read.bandwidth = bandwidth;
        break;
      }
      case 'server': {
        const server = readServer(value, false);
        if (isError(server)) return server;
        read.server = server;
        break;
      }
    }
  }
  return read;
}

function change(args: RequestableAction, options: Options): SlashCommand {
  return {
    kind: 'change',
    args,
    ...(options.account === undefined ? {} : { account: options.account }),
    ...(options.reason === undefined ? {} : { reason: options.reason }),
  };
}

function withAccount<T extends object>(command: T, options: Options): T & { account?: string } {
  return options.account === undefined ? command : { ...command, account: options.account };
}

function huaweiRealloc(what: string, id: string): CommandError {
  return new CommandError(`--realloc-wan-ip is a Tencent Cloud option, and ${id} is a Huawei ${what}`);
}

function buildCommand(verb: CommandVerb, words: readonly string[], options: Options): Checked<SlashCommand> {
  const [first = '', second = ''] = words;
  switch (verb) {
    case 'help': {
      if (words.length === 0) return { kind: 'help' };
      const topic = first.toLowerCase();
      return isVerb(topic) ? { kind: 'help', verb: topic } : unknownVerb(first);
    }
    case 'show': {
      const eip = readEip(verb, first);
      return isError(eip) ? eip : withAccount({ kind: 'show' as const, eip }, options);
    }
    case 'list':
      return withAccount({ kind: 'list' as const, ...(options.server === undefined ? {} : { serverId: options.server }) }, options);
    case 'requests':
      return { kind: 'requests' };
    case 'cancel': {
      const requestId = readRequestId(first);
      return isError(requestId) ? requestId : { kind: 'cancel', requestId };
    }
    case 'bind':
    case 'move': {
      const isNew = verb === 'bind' && first.toLowerCase() === 'new';
      const eip = isNew ? undefined : readEip(verb, first);
      if (isError(eip)) return eip;
      const target = readTarget(second);
      if (isError(target)) return target;
      if (options.bandwidth !== undefined && !isNew) {
        return new CommandError('--bandwidth only applies to bind new: an existing EIP keeps its bandwidth');
      }
      if (eip === undefined) {
        return change({ action: 'bind-new', target, bandwidthMbps: options.bandwidth ?? DEFAULT_BANDWIDTH_MBPS }, options);
      }
      const mismatch = sameCloud(eip, target);
      if (mismatch !== undefined) return mismatch;
      return change(verb === 'bind' ? { action: 'bind', eip, target } : { action: 'move', eip, target }, options);
    }
    case 'unbind': {
      const id = recognizeResourceId(first);
      const realloc = options.reallocWanIp ? { reallocWanIp: true as const } : {};
      if (id.kind === 'eni-address') {
        return change({ action: 'unbind', ref: { kind: 'nic', nicId: id.eniId, privateIp: id.privateIp }, ...realloc }, options);
      }
      const eip = readEip(verb, first);
      if (isError(eip)) return eip;
      if (options.reallocWanIp && id.kind === 'uuid') return huaweiRealloc('EIP', eip);
      return change({ action: 'unbind', ref: { kind: 'eip', eip }, ...realloc }, options);
    }
    case 'isolate': {
      const serverId = readServer(first, true);
      if (isError(serverId)) return serverId;
      if (options.reallocWanIp && recognizeResourceId(serverId).kind === 'uuid') return huaweiRealloc('server', serverId);
      return change({ action: 'isolate', serverId, ...(options.reallocWanIp ? { reallocWanIp: true as const } : {}) }, options);
    }
    case 'vip': {
      const nicId = readVipNic(first);
      return isError(nicId) ? nicId : change({ action: 'vip-unbind', nicId }, options);
    }
  }
}

/** Reads the verb (and `vip`'s action); returns where its arguments start. */
function readVerb(tokens: readonly CommandToken[]): Checked<{ verb: CommandVerb; start: number }> {
  const first = tokens[0] as CommandToken;
  const option = optionSyntax(first);
  if (option !== undefined) {
    return new CommandError(
      `${quoteFragment(option.shown)} is an option, not a command: write the command first, like /eip unbind <eip> --reason "why"`,
    );
  }
  const verb = first.text.toLowerCase();
  if (!isVerb(verb)) return unknownVerb(first.text);
  if (verb !== 'vip') return { verb, start: 1 };
  const action = tokens[1];
  if (action === undefined || optionSyntax(action) !== undefined) {
    return new CommandError('vip needs an action: /eip vip unbind <nic-id>');
  }
  if (action.text.toLowerCase() === 'unbind') return { verb, start: 2 };
  // Distance 1 only: "bind" is two edits from "unbind" but means the opposite.
  const suggestion = closestWord(action.text.toLowerCase(), ['unbind'], 1);
  const shown = quoteFragment(action.text);
  return new CommandError(
    suggestion === undefined
      ? `${shown} is not a vip action: the only one is vip unbind <nic-id>`
      : `${shown} is not a vip action. Did you mean "unbind"?`,
  );
}

function usageForText(text: string): string {
  const first = text.trim().split(/\s+/u)[0]?.toLowerCase() ?? '';
  return isVerb(first) ? usageOf(first) : allUsage();
}

export function parseCommand(text: string): ParseResult {
  if (text.length > MAX_COMMAND_CHARS) {
    return {
      ok: false,
      error: `This command is ${text.length} characters long; an /eip command is at most ${MAX_COMMAND_CHARS}`,
      usage: usageForText(text.slice(0, 100)),
    };
  }
  // Zero-width spaces and word joiners come along when ids are pasted from web pages.
  const cleaned = unescapeSlackText(text).replace(/[\u200B\u2060]/gu, '');
  const tokenized = tokenizeCommand(cleaned);
  if (!tokenized.ok) return { ok: false, error: tokenized.error, usage: usageForText(cleaned) };
  if (tokenized.tokens.length === 0) return validated({ kind: 'help' }, 'help');

  const head = readVerb(tokenized.tokens);
  if (isError(head)) return { ok: false, error: head.message, usage: usageForText(cleaned) };
  const { verb, start } = head;
  const failed = (error: CommandError): ParseResult => ({ ok: false, error: error.message, usage: usageOf(verb) });

  const scanned = scanWords(verb, tokenized.tokens, start);
  if (isError(scanned)) return failed(scanned);
  const countProblem = checkCount(verb, scanned);
  if (countProblem !== undefined) return failed(countProblem);
  const options = readOptions(scanned.options);
  if (isError(options)) return failed(options);
  const command = buildCommand(
    verb,
    scanned.positionals.map((word) => word.text),
    options,
  );
  if (isError(command)) return failed(command);
  return validated(command, verb);
}

function validated(command: SlashCommand, verb: CommandVerb): ParseResult {
  const checked = slashCommandSchema.safeParse(command);
  return checked.success ? { ok: true, command: checked.data } : { ok: false, error: UNREADABLE_COMMAND, usage: usageOf(verb) };
}
