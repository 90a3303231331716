import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const FILE = fileURLToPath(new URL('../RESULTS.md', import.meta.url));

const HEADER = `# eipbot benchmarks

Written by \`npm run bench\` (\`bench/run.ts\`); \`npm run bench -- <name>\` reruns one
benchmark and replaces only its section. Every comparison is measured in the same run,
A/B interleaved, and given as a ratio with its spread, because a 2-core machine is
noisy: read the median with its interquartile range (IQR) and extremes, not one number.
`;

function markers(name: string): { start: string; end: string } {
  return { start: `<!-- bench:${name}:start -->`, end: `<!-- bench:${name}:end -->` };
}

/**
 * Puts one benchmark's section into bench/RESULTS.md, replacing its previous one and
 * keeping the others, in the order of `order`.
 */
export async function recordResults(name: string, section: string, order: readonly string[]): Promise<void> {
  let text: string;
  try {
    text = await readFile(FILE, 'utf8');
  } catch {
    text = '';
  }
  const sections = new Map<string, string>();
  for (const other of order) {
    const { start, end } = markers(other);
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from >= 0 && to > from) sections.set(other, text.slice(from + start.length, to).trim());
  }
  sections.set(name, section.trim());
  const body = order
    .filter((key) => sections.has(key))
    .map((key) => `${markers(key).start}\n${sections.get(key)}\n${markers(key).end}`)
    .join('\n\n');
  await writeFile(FILE, `${HEADER}\n${body}\n`);
}
