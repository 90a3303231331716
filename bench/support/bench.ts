import { cpus, totalmem, type } from 'node:os';

/** What one benchmark hands back: its section of RESULTS.md and the line printed last. */
export interface BenchOutcome {
  /** Markdown for bench/RESULTS.md: what was measured, how, the figures, and the verdict. */
  markdown: string;
  /** The ratio (or count) against the goal, printed last. */
  verdict: string;
}

export interface Bench {
  /** Its name on the command line: `npm run bench -- ack`. */
  name: string;
  title: string;
  /** Runs the benchmark, printing progress through `say`. */
  run(say: (line: string) => void): Promise<BenchOutcome>;
}

/** The machine and runtime a figure was measured on. */
export function measuredOn(): string {
  const [cpu] = cpus();
  const model = cpu?.model.trim() ?? 'unknown CPU';
  return `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${type()}, ${cpus().length} × ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}.`;
}

/** A markdown table from a header row and body rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
