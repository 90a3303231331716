import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../test/support/bot-process.js';

const run = promisify(execFile);
/** Inside the repository, so the compiled files resolve their packages from its node_modules. */
const OUT = join(ROOT, 'node_modules', '.cache', 'eipbot-bench');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

export interface CompiledBot {
  /** `…/dist/main.js`, what `npm start` runs. */
  main: string;
  /** The memory probe, to load with `--import`. */
  probe: string;
}

/**
 * The bot as it is deployed: `tsc -p tsconfig.build.json` (the `npm run build` compiler
 * settings) into a directory of its own, run with plain node, so no TypeScript loader
 * sits in the measured process. The memory probe is compiled next to it.
 */
export async function compileBot(): Promise<CompiledBot> {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const dist = join(OUT, 'dist');
  const probe = join(OUT, 'probe');
  await run(TSC, ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dist], { cwd: ROOT });
  await run(
    TSC,
    ['--outDir', probe, '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck', '--strict', join(ROOT, 'bench', 'processes', 'memory-probe.ts')],
    { cwd: ROOT },
  );
  // The compiled files are ES modules, as the package says for its own.
  await writeFile(join(OUT, 'package.json'), '{ "type": "module" }\n');
  return { main: join(dist, 'main.js'), probe: join(probe, 'memory-probe.js') };
}
