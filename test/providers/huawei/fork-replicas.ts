import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const script = fileURLToPath(new URL('../../fixtures/huawei/token-replica.ts', import.meta.url));

const replicaMessage = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ result: z.number() }),
  z.object({ error: z.string() }),
]);

/**
 * Starts one eipbot replica process per argument list, releases them together once all
 * are ready, and returns how many calls each completed. A replica that fails fails the call.
 */
export async function runTokenReplicas(argLists: readonly string[][]): Promise<number[]> {
  const children: ChildProcess[] = [];
  try {
    const runs = argLists.map((args) => {
      const child = fork(script, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(child);
      let markReady = () => undefined as void;
      const ready = new Promise<void>((resolve) => {
        markReady = resolve;
      });
      const result = new Promise<number>((resolve, reject) => {
        child.on('message', (raw) => {
          const message = replicaMessage.parse(raw);
          if ('ready' in message) markReady();
          else if ('result' in message) resolve(message.result);
          else reject(new Error(`replica failed: ${message.error}`));
        });
        child.on('exit', (code) => reject(new Error(`replica exited with code ${code} before reporting`)));
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
