import { isNode, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import type { ConfigProblem } from '../errors.js';

export interface ParsedYaml {
  document: Document.Parsed;
  /** Syntax errors, each with its line and column: the document cannot be trusted when there are any. */
  errors: ConfigProblem[];
  /** Constructs the parser read but will not give meaning to, such as custom tags, each with its line and column. */
  warnings: ConfigProblem[];
  /** Where a path starts in the text (its nearest existing ancestor for a missing key), for listing problems in file order. */
  offsetOf(path: readonly PropertyKey[]): number;
}

/** Hints for the YAML mistakes people make in config files, by the yaml library's error code. */
const HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces',
  TAG_RESOLVE_FAILED: 'remove the tag: eipbot.yml holds plain values only',
  DUPLICATE_KEY: 'remove one of the two',
};

/**
 * Parses the text as one YAML 1.2 document. Merge keys (`<<: *defaults`) are allowed so
 * policies can be shared; custom tags (`!!js/function`) are problems, never code.
 */
export function parseYaml(text: string): ParsedYaml {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true });
  return {
    document,
    errors: document.errors.map((error) => describeYamlError(error, lines)),
    warnings: document.warnings.map((warning) => describeYamlError(warning, lines)),
    offsetOf(path) {
      for (let length = path.length; length >= 0; length--) {
        const node: unknown = document.getIn(path.slice(0, length), true);
        if (isNode(node) && node.range) return node.range[0];
      }
      return 0;
    },
  };
}

function describeYamlError(error: YAMLError, lines: LineCounter): ConfigProblem {
  const { line, col } = lines.linePos(error.pos[0]);
  const what =
    error.code === 'MULTIPLE_DOCS' ? 'the file holds more than one YAML document (a --- line); keep only one' : error.message;
  const hint = HINTS[error.code];
  return { path: '', message: `line ${line}, column ${col}: ${what}${hint === undefined ? '' : `; ${hint}`}` };
}
