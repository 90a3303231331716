/**
 * Splits the text of a slash command into words, honouring quotes. Slack clients on
 * macOS and iOS turn straight quotes into typographic ones as people type, so the
 * quotes of one family are interchangeable: “INC-42 down" closes as well as "INC-42 down".
 */
import { quoteFragment } from './quote-fragment.js';

export interface CommandToken {
  /** The word with its quotes removed. */
  text: string;
  /**
   * `word`: the whole word was in quotes, so it is a value, never an option;
   * `value`: the value of `--option="…"` was; `none`: no quotes.
   */
  quote: 'none' | 'word' | 'value';
}

export type TokenizeResult = { ok: true; tokens: CommandToken[] } | { ok: false; error: string };

const DOUBLE_QUOTES = new Set(['"', '\u201C', '\u201D', '\u201E']);
const SINGLE_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A']);
const WHITESPACE = /^\s$/u;
/** `--reason=` (or with a dash a phone turned into — or –): a quote may open right after the `=`. */
const OPTION_WITH_EQUALS = /^(?:--|[\u2014\u2013])[^\s=]+=$/u;

function quoteFamily(char: string): 'double' | 'single' | undefined {
  if (DOUBLE_QUOTES.has(char)) return 'double';
  if (SINGLE_QUOTES.has(char)) return 'single';
  return undefined;
}

function isSpace(char: string | undefined): boolean {
  return char === undefined || WHITESPACE.test(char);
}

export function tokenizeCommand(text: string): TokenizeResult {
  const chars = Array.from(text);
  const tokens: CommandToken[] = [];
  let i = 0;
  while (i < chars.length) {
    if (isSpace(chars[i])) {
      i += 1;
      continue;
    }
    let word = '';
    let quote: CommandToken['quote'] = 'none';
    while (i < chars.length && !isSpace(chars[i])) {
      const char = chars[i] as string;
      const family = quoteFamily(char);
      // A quote opens only at the start of a word or right after `--option=`, so that
      // apostrophes inside words (it’s, O'Brien) stay what they are.
      if (family !== undefined && (word === '' || (word.endsWith('=') && OPTION_WITH_EQUALS.test(word)))) {
        // It closes at the first quote of its family that ends a word, so a quoted
        // reason may itself contain apostrophes: 'can't reach host'.
        let close = i + 1;
        while (close < chars.length && !(quoteFamily(chars[close] as string) === family && isSpace(chars[close + 1]))) close += 1;
        if (close >= chars.length) {
          const opened = chars.slice(i + 1).join('').trim();
          return {
            ok: false,
            error:
              opened === ''
                ? 'A quote at the end of the command is never closed: remove it'
                : `The quote that starts ${quoteFragment(opened, 20)} is never closed: end it with a matching quote`,
          };
        }
        quote = word === '' ? 'word' : 'value';
        word += chars.slice(i + 1, close).join('');
        i = close + 1;
        continue;
      }
      word += char;
      i += 1;
    }
    tokens.push({ text: word, quote });
  }
  return { ok: true, tokens };
}
