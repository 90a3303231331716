import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ReplicaOptions {
  storeUrl: string;
  simUrl: string;
  ownerId: string;
  leaseTtl?: string;
  policy?: Record<string, unknown>;
  /** Run the sweeper (expiry, reconcile) in this replica. */
  sweep?: boolean;
  sweepIntervalMs?: number;
}

type ReplicaCommandBody = { cmd: 'approve'; requestId: string; users: string[] } | { cmd: 'executed' } | { cmd: 'stop' };
export type ReplicaCommand = ReplicaCommandBody & { seq: number };

export interface ReplicaReply {
  seq: number;
  fulfilled?: number;
  executed?: string[];
  error?: string;
}

const script = fileURLToPath(new URL('../fixtures/requests/replica.ts', import.meta.url));

/** A replica process (test/fixtures/requests/replica.ts) and the commands the parent sends it. */
export class ReplicaProcess {
  readonly child: ChildProcess;
  readonly #pending = new Map<number, (reply: ReplicaReply) => void>();
  #seq = 0;

  private constructor(child: ChildProcess) {
    this.child = child;
    child.on('message', (reply: ReplicaReply) => {
      this.#pending.get(reply.seq)?.(reply);
      this.#pending.delete(reply.seq);
    });
  }

  /** Forks a replica and resolves once its engine is up. */
  static async start(options: ReplicaOptions): Promise<ReplicaProcess> {
    const child = fork(script, [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const replica = new ReplicaProcess(child);
    await new Promise<void>((resolve, reject) => {
      replica.#pending.set(0, () => resolve());
      child.once('exit', (code) => reject(new Error(`replica exited with ${code} before it was ready`)));
    });
    return replica;
  }

  /** Approves `requestId` as each of `users`, all at once; resolves with how many approvals were accepted. */
  async approve(requestId: string, users: string[]): Promise<number> {
    return (await this.#send({ cmd: 'approve', requestId, users })).fulfilled ?? 0;
  }

  /** Waits for this replica's executions to finish and lists the requests it executed. */
  async executed(): Promise<string[]> {
    return (await this.#send({ cmd: 'executed' })).executed ?? [];
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.#send({ cmd: 'stop' });
    await exited;
  }

  /** Kills the process at once, as a crash or an OOM kill would. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  #send(command: ReplicaCommandBody): Promise<ReplicaReply> {
    this.#seq += 1;
    const seq = this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, (reply) => (reply.error === undefined ? resolve(reply) : reject(new Error(reply.error))));
      this.child.send({ ...command, seq } satisfies ReplicaCommand);
    });
  }
}
