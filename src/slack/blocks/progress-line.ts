import type { WorkflowEvent } from '../../workflows/workflow.js';
import { clip, escapeMrkdwn } from './mrkdwn.js';
import { stepLine } from './result-message.js';
import { formatElapsed } from './slack-date.js';

/** A provider's failure description is short and secret-free (provider.ts), but a thread line stays one line. */
const DETAIL_CHARS = 300;

/**
 * One line of a card's thread: a finished step, a failed or throttled provider call,
 * or a new status seen while waiting (the engine sends only those, request-notifier.ts).
 */
export function progressLine(event: WorkflowEvent): string {
  if (event.type === 'step') return stepLine(event.outcome);
  const providerEvent = event.event;
  const step = escapeMrkdwn(event.step);
  if (providerEvent.type === 'wait') {
    const icon = providerEvent.done ? ':white_check_mark:' : ':mag:';
    return `${icon} ${step}: ${escapeMrkdwn(providerEvent.what)} is ${escapeMrkdwn(providerEvent.status)} after ${formatElapsed(providerEvent.elapsedMs)}`;
  }
  const operation = escapeMrkdwn(providerEvent.operation);
  const retry = providerEvent.willRetry === true ? '; retrying' : '';
  if (providerEvent.outcome === 'throttled') {
    return `:hourglass: ${step}: ${operation} was throttled by the cloud (attempt ${providerEvent.attempt})${retry}`;
  }
  if (providerEvent.outcome === 'ok') return `${step}: ${operation} done`;
  const facts = [
    `attempt ${providerEvent.attempt}`,
    ...(providerEvent.code === undefined ? [] : [providerEvent.code]),
    ...(providerEvent.httpStatus === undefined ? [] : [`HTTP ${providerEvent.httpStatus}`]),
  ];
  const message = providerEvent.message === undefined ? '' : `: ${clip(escapeMrkdwn(providerEvent.message), DETAIL_CHARS)}`;
  return `:warning: ${step}: ${operation} failed (${escapeMrkdwn(facts.join(', '))})${message}${retry}`;
}
