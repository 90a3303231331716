/**
 * `npm run bench` runs every benchmark; `npm run bench -- ack isolate` runs those named.
 * Each prints its progress and, last, its ratio against the goal, and replaces its own
 * section of bench/RESULTS.md.
 */
import { ackBench } from './ack-latency.js';
import { footprintBench } from './footprint.js';
import { isolateBench } from './incident-isolate.js';
import { providerClientsBench } from './provider-clients.js';
import { tokenCacheBench } from './token-cache.js';
import type { Bench } from './support/bench.js';
import { recordResults } from './support/results-file.js';

const benches: Bench[] = [ackBench, providerClientsBench, isolateBench, tokenCacheBench, footprintBench];
const order = benches.map((bench) => bench.name);

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !order.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.join(', ')}; choose from ${order.join(', ')}\n`);
  process.exit(2);
}

const verdicts: string[] = [];
for (const bench of benches.filter((candidate) => asked.length === 0 || asked.includes(candidate.name))) {
  process.stdout.write(`\n== ${bench.name}: ${bench.title}\n`);
  const outcome = await bench.run((line) => process.stdout.write(`   ${line}\n`));
  await recordResults(bench.name, outcome.markdown, order);
  verdicts.push(`${bench.name}: ${outcome.verdict}`);
  process.stdout.write(`${bench.name}: ${outcome.verdict}\n`);
}
if (verdicts.length > 1) process.stdout.write(`\n${verdicts.join('\n')}\n`);
