import { fork, type ChildProcess } from 'node:child_process';
import { z } from 'zod';

/**
 * A helper process the bench talks to over Node's IPC channel: it starts, says it is
 * ready (with whatever the parent needs to know, such as its URLs), then answers calls
 * by name until it is closed. Keeping simulators, fakes and bots in processes of their
 * own keeps their work off the event loop that takes the measurements.
 */
const childMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready'), value: z.unknown() }),
  z.object({ kind: z.literal('result'), id: z.number(), value: z.unknown() }),
  z.object({ kind: z.literal('failed'), id: z.number().optional(), message: z.string() }),
]);

const parentMessage = z.object({ id: z.number(), method: z.string(), params: z.unknown() });

export interface RpcChildOptions {
  env?: Record<string, string>;
  /** Node flags; the TypeScript loader is added. */
  execArgv?: string[];
}

export class RpcChild {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #next = 1;
  #exited: Promise<void>;

  private constructor(child: ChildProcess) {
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code, signal) => {
      for (const { reject } of this.#pending.values()) reject(new Error(`the helper process exited (${code ?? signal}) before answering`));
      this.#pending.clear();
    });
  }

  /** Forks `script` and resolves with the process once it has said it is ready. */
  static async start<R>(script: string, ready: z.ZodType<R>, options: RpcChildOptions = {}): Promise<{ child: RpcChild; ready: R }> {
    const child = fork(script, [], {
      execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const rpc = new RpcChild(child);
    const value = await new Promise<unknown>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`${script} exited with code ${code} before it was ready`)));
      child.on('message', (raw) => {
        const message = childMessage.parse(raw);
        if (message.kind === 'ready') resolve(message.value);
        else if (message.kind === 'failed' && message.id === undefined) reject(new Error(`${script} could not start: ${message.message}`));
        else rpc.#settle(message);
      });
    });
    return { child: rpc, ready: ready.parse(value) };
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  async call<T>(method: string, result: z.ZodType<T>, params: unknown = {}): Promise<T> {
    const id = this.#next;
    this.#next += 1;
    const value = await new Promise<unknown>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.send({ id, method, params });
    });
    return result.parse(value);
  }

  /** Asks the process to close what it runs and exit; kills it if it has not after `graceMs`. */
  async close(graceMs = 10_000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    try {
      await this.call('close', z.unknown()).catch(() => undefined);
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }

  #settle(message: z.output<typeof childMessage>): void {
    if (message.kind === 'ready' || message.id === undefined) return;
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    if (message.kind === 'result') pending.resolve(message.value);
    else pending.reject(new Error(message.message));
  }
}

export type RpcHandlers = Record<string, (params: unknown) => unknown>;

/**
 * The child's side: `start` builds what the process runs and returns its handlers, its
 * ready value and how to close it. Calls are answered in any order; `close` replies,
 * then exits the process.
 */
export async function serveRpc(start: () => Promise<{ ready: unknown; handlers: RpcHandlers; close: () => Promise<void> }>): Promise<void> {
  const send = (message: unknown) => new Promise<void>((resolve) => process.send?.(message, () => resolve()));
  let running: Awaited<ReturnType<typeof start>>;
  try {
    running = await start();
  } catch (error) {
    await send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  // An orphan would hold its ports and simulators for ever: go when the bench goes.
  process.on('disconnect', () => {
    void running.close().finally(() => process.exit(0));
  });
  process.on('message', (raw) => {
    const { id, method, params } = parentMessage.parse(raw);
    void (async () => {
      try {
        if (method === 'close') {
          await running.close();
          await send({ kind: 'result', id, value: null });
          process.exit(0);
        }
        const handler = running.handlers[method];
        if (handler === undefined) throw new Error(`no method ${method}`);
        await send({ kind: 'result', id, value: (await handler(params)) ?? null });
      } catch (error) {
        await send({ kind: 'failed', id, message: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  await send({ kind: 'ready', value: running.ready });
}
