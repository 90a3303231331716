import { EipbotError, type EipbotErrorOptions } from '../errors.js';

/** Why a workflow refused to plan a request: the request cannot be carried out as asked. */
export type PlanRefusalReason =
  | 'eip-not-found'
  | 'eip-unbound'
  | 'eip-bound'
  | 'eip-busy'
  | 'eip-not-on-nic'
  | 'target-not-found'
  | 'target-occupied'
  | 'same-target'
  | 'nothing-bound'
  | 'no-vip'
  | 'vip-present'
  | 'vip-unsupported'
  | 'create-unsupported';

export const PLAN_REFUSED = 'eipbot_plan_refused';

/**
 * A request refused at planning time, before anything is asked of an approver. The
 * user message says what is wrong with the request and what to ask for instead.
 */
export class PlanRefusal extends EipbotError {
  readonly reason: PlanRefusalReason;

  constructor(reason: PlanRefusalReason, userMessage: string, options: EipbotErrorOptions = {}) {
    super(PLAN_REFUSED, userMessage, options);
    this.reason = reason;
  }
}

export function isPlanRefusal(value: unknown): value is PlanRefusal {
  return value instanceof PlanRefusal;
}
