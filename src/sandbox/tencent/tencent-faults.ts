/**
 * Faults a test or the sandbox console injects into the next calls of one action
 * (`AssociateAddress`, `EipUnBindInstance`, …), consumed in order.
 *
 * - `http-500`, `reset` (TCP reset), `hang` (no answer until the simulator closes):
 *   transport faults. With `afterApply` the action is carried out first, so the
 *   client cannot tell whether it was — the ambiguous failure SPEC §1 is about.
 * - `error`: a Tencent error answer with HTTP 200 (`InternalError`,
 *   `RequestLimitExceeded`, `OperationDenied.MutexTaskRunning`, …); the legacy API
 *   answers its numeric equivalent with the code in `codeDesc`.
 * - `wrong-status`: the refusal of an EIP in the wrong status.
 * - `stuck-task`: the write is accepted; its task stays RUNNING and the address in its
 *   transient status.
 * - `failed-task`: the write is accepted; its task ends FAILED and the address returns
 *   to where it was.
 */
export type TencentFault =
  | { type: 'http-500'; afterApply?: boolean }
  | { type: 'reset'; afterApply?: boolean }
  | { type: 'hang'; afterApply?: boolean }
  | { type: 'error'; code: string; message?: string }
  | { type: 'wrong-status' }
  | { type: 'stuck-task' }
  | { type: 'failed-task' };

export class TencentFaults {
  readonly #queues = new Map<string, TencentFault[]>();

  /** The next `times` calls of `action` meet `fault`. */
  inject(action: string, fault: TencentFault, times = 1): void {
    const queue = this.#queues.get(action) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.#queues.set(action, queue);
  }

  /** The fault for this call of `action`, if one is waiting. */
  take(action: string): TencentFault | undefined {
    return this.#queues.get(action)?.shift();
  }

  /** Faults not yet met, per action. */
  pending(): Record<string, number> {
    return Object.fromEntries([...this.#queues].filter(([, queue]) => queue.length > 0).map(([action, queue]) => [action, queue.length]));
  }

  clear(): void {
    this.#queues.clear();
  }
}
