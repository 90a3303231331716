import { fork, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { z } from 'zod';

const workerMessage = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ result: z.unknown() }),
  z.object({ error: z.string() }),
]);

/**
 * Forks one process per argument list running the fixture at the absolute path `script`
 * (written with run-worker.ts), waits until all are ready, starts them together, and
 * returns their results in order. Any child that fails or exits without a result fails
 * the call.
 */
export async function forkWorkers(script: string, argLists: readonly string[][]): Promise<unknown[]> {
  const name = basename(script);
  const children: ChildProcess[] = [];
  try {
    const runs = argLists.map((args) => {
      const child = fork(script, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(child);
      let markReady: () => void = () => undefined;
      const ready = new Promise<void>((resolve) => {
        markReady = resolve;
      });
      const result = new Promise<unknown>((resolve, reject) => {
        child.on('message', (raw) => {
          const message = workerMessage.parse(raw);
          if ('ready' in message) markReady();
          else if ('result' in message) resolve(message.result);
          else reject(new Error(`${name} failed: ${message.error}`));
        });
        child.on('exit', (code) => reject(new Error(`${name} exited with code ${code} before reporting a result`)));
        child.on('error', reject);
      });
      return { child, ready, result };
    });
    await Promise.race([Promise.all(runs.map((run) => run.ready)), Promise.all(runs.map((run) => run.result))]);
    for (const run of runs) run.child.send('go');
    return await Promise.all(runs.map((run) => run.result));
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}
