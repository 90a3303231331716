import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allUsage, COMMAND_VERBS, usageOf } from '../../src/slack/command-usage.js';
import { parseCommand, UNREADABLE_COMMAND, type SlashCommand } from '../../src/slack/parse-command.js';
import { slashCommandSchema } from '../../src/slack/slash-command.js';

const USAGES = new Set([allUsage(), ...COMMAND_VERBS.map(usageOf)]);
const HW_UUID = '5d0c5a2e-8f4b-4e0a-9d1c-2b7a6f0e4d13';

/** Pieces of real commands, the characters that break parsers, and the keys that break lookups. */
const FRAGMENTS = [
  ...COMMAND_VERBS,
  'new',
  'unbind',
  '--account',
  '--reason',
  '--bandwidth',
  '--server',
  '--realloc-wan-ip',
  '--account=hw-prod',
  '--reason="INC-42 down"',
  '--bandwidth=10',
  '\u2014reason',
  '\u2013account',
  '-a',
  '--',
  '---',
  '"',
  "'",
  '\u201C',
  '\u201D',
  '\u2018',
  '\u2019',
  '=',
  '203.0.113.10',
  '1.2.3',
  '010.0.0.1',
  'eip-mksy14ay',
  'ins-0a1b2c3d',
  'eni-0a1b2c3d',
  'eni:eni-0a1b2c3d/10.0.0.5',
  'eni:eni-0a1b2c3d/',
  `port:${HW_UUID}`,
  'port:',
  HW_UUID,
  'R-7K2F9Q',
  'r-7k2f9q',
  '&amp;',
  '&lt;',
  '&gt;',
  '\u0000',
  '\u0007',
  '\u202E',
  '\u200B',
  '\u200D',
  '\u00A0',
  '\uFEFF',
  '\uD800',
  '\n',
  '\t',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  '2000',
  '2001',
  '0',
  '-5',
  '1e3',
  '🔥',
  '故障',
];

const word = fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 8 }));
const flagSoup = fc.array(word, { maxLength: 24 }).map((words) => words.join(' '));
const gluedSoup = fc.array(word, { maxLength: 12 }).map((words) => words.join(''));
const quoteSoup = fc.string({
  unit: fc.constantFrom('"', "'", '\u201C', '\u201D', '\u2018', '\u2019', ' ', '-', '=', 'a', '\n', '&', ';'),
  maxLength: 120,
});
const validPrefix = fc
  .tuple(
    fc.constantFrom('unbind 203.0.113.10 --reason ', 'bind new ins-0a1b2c3d --bandwidth=', 'cancel ', 'vip unbind ', 'list --server='),
    fc.string({ unit: 'binary', maxLength: 60 }),
  )
  .map(([prefix, rest]) => prefix + rest);
const huge = fc
  .tuple(fc.constantFrom(...COMMAND_VERBS), fc.string({ unit: 'binary-ascii', minLength: 3_000, maxLength: 9_000 }))
  .map(([verb, rest]) => `${verb} ${rest}`);

const anyCommandText = fc.oneof(
  { weight: 4, arbitrary: flagSoup },
  { weight: 1, arbitrary: gluedSoup },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: quoteSoup },
  { weight: 2, arbitrary: validPrefix },
  { weight: 1, arbitrary: huge },
);

describe('parseCommand under fuzzing', () => {
  it('never throws on 10,000 hostile inputs: it yields a valid command or an error with the usage', () => {
    fc.assert(
      fc.property(anyCommandText, (text) => {
        const result = parseCommand(text);
        if (result.ok) {
          expect(slashCommandSchema.safeParse(result.command).success).toBe(true);
          return;
        }
        expect(result.error.trim()).not.toBe('');
        expect(result.error).not.toBe(UNREADABLE_COMMAND);
        // Echoed input is cut short, so a huge command never becomes a huge reply.
        expect(result.error.length).toBeLessThan(400);
        expect(USAGES.has(result.usage)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  const tencentId = (prefix: string) =>
    fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 8, maxLength: 8 }).map((id) => prefix + id);
  const eip = fc.oneof(fc.uuid(), tencentId('eip-'), fc.ipV4());
  const reason = fc
    .array(fc.oneof(fc.stringMatching(/^[A-Za-z0-9#:.-]{1,10}$/), fc.constantFrom('Störung', '故障', '🔥', 'it’s', "can't")), {
      minLength: 1,
      maxLength: 8,
    })
    .map((words) => words.join(' '));
  const quotes: [string, string][] = [
    ['"', '"'],
    ["'", "'"],
    ['\u201C', '\u201D'],
    ['\u2018', '\u2019'],
  ];

  it('reads any well-formed unbind the way it was meant, whatever the case, quotes, option form and order', () => {
    fc.assert(
      fc.property(
        eip,
        fc.option(reason, { nil: undefined }),
        fc.option(fc.stringMatching(/^[a-z][a-z0-9_-]{0,15}$/), { nil: undefined }),
        fc.constantFrom(...quotes),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('unbind', 'UNBIND', 'Unbind'),
        (eipRef, why, account, [open, close], equalsForm, optionsFirst, verb) => {
          const options: string[] = [];
          const sep = equalsForm ? '=' : ' ';
          if (why !== undefined) options.push(`--reason${sep}${open}${why}${close}`);
          if (account !== undefined) options.push(`--account${sep}${account}`);
          const text = optionsFirst ? `${options.join(' ')} ${eipRef}` : `${eipRef} ${options.join(' ')}`;
          const expected: SlashCommand = {
            kind: 'change',
            args: { action: 'unbind', ref: { kind: 'eip', eip: eipRef.toLowerCase() } },
            ...(account === undefined ? {} : { account }),
            ...(why === undefined ? {} : { reason: why }),
          };
          expect(parseCommand(`${verb} ${text}`)).toEqual({ ok: true, command: expected });
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
