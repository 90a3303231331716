import { HuaweiOperation } from '../../providers/huawei/huawei-operations.js';

export interface SimCall {
  operation: string;
  method: string;
  path: string;
  /** The HTTP status answered, or what happened instead. */
  outcome: number | 'reset' | 'hang';
  requestId: string;
}

/** Every request the simulator received, in order, so tests can count calls and check their sequence. */
export class HuaweiSimStats {
  #calls: SimCall[] = [];

  record(call: SimCall): void {
    this.#calls.push(call);
  }

  get calls(): readonly SimCall[] {
    return this.#calls;
  }

  /** Requests received for one operation, whatever their outcome. */
  count(operation: string): number {
    return this.#calls.filter((call) => call.operation === operation).length;
  }

  /** `POST /v3/auth/tokens` requests received. */
  get tokenRequests(): number {
    return this.count(HuaweiOperation.issueToken);
  }

  /** The operations received, in order (`['GET publicip', 'PUT publicip', …]`). */
  sequence(): string[] {
    return this.#calls.map((call) => call.operation);
  }

  reset(): void {
    this.#calls = [];
  }
}
