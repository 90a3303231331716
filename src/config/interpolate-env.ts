import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { formatPath } from './format-path.js';

export type EnvVars = Readonly<Record<string, string | undefined>>;

export interface Interpolation {
  /** Each unusable reference, at the path of its value. */
  problems: { path: PropertyKey[]; message: string }[];
  /** Formatted path → the value as written (`${HW_SK}`), for every value that named a variable. */
  templates: Map<string, string>;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${VAR}` in every string value of the document, in place, from `env`
 * (SPEC §6). It works on the parsed tree rather than on the text so that a problem
 * names the path of the value, and a variable's content can never change the YAML
 * structure. `$${VAR}` is written as a literal `${VAR}`. Keys are never interpolated.
 */
export function interpolateEnv(document: Document, env: EnvVars): Interpolation {
  const result: Interpolation = { problems: [], templates: new Map() };
  visit(document.contents, [], env, result);
  return result;
}

function visit(node: Node | null, path: PropertyKey[], env: EnvVars, result: Interpolation): void {
  if (node === null || isAlias(node)) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      // A YAML merge (`<<: {…}`) adds its keys to the enclosing mapping.
      const valuePath = key === '<<' ? path : [...path, String(key)];
      visit(pair.value as Node | null, valuePath, env, result);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => visit(item as Node | null, [...path, index], env, result));
  } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('$')) {
    const { text, problems, named } = substitute(node.value, env);
    if (named) result.templates.set(formatPath(path), node.value);
    for (const message of problems) result.problems.push({ path, message });
    if (problems.length === 0) node.value = text;
  }
}

function substitute(template: string, env: EnvVars): { text: string; problems: string[]; named: boolean } {
  let text = '';
  const problems: string[] = [];
  let named = false;
  let at = 0;
  while (at < template.length) {
    if (template.startsWith('$${', at)) {
      text += '${';
      at += 3;
    } else if (template.startsWith('${', at)) {
      const end = template.indexOf('}', at + 2);
      if (end === -1) {
        problems.push('has "${" without a closing "}"; write $${ for a literal ${');
        break;
      }
      const name = template.slice(at + 2, end);
      named = true;
      at = end + 1;
      if (!VARIABLE_NAME.test(name)) {
        problems.push(`"\${${name}}" is not a variable reference: a name has letters, digits and _ (no defaults or other syntax); write $\${ for a literal \${`);
        continue;
      }
      const value = env[name];
      if (value === undefined) problems.push(`environment variable ${name} is not set`);
      else if (value === '') problems.push(`environment variable ${name} is set but empty`);
      else text += value;
    } else {
      text += template[at];
      at += 1;
    }
  }
  return { text, problems, named };
}
