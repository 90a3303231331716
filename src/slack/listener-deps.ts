import type { Config } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { ChangeRequestService } from '../requests/change-request-service.js';
import type { AccountLabel } from './blocks/request-card.js';
import type { LiveEipReader } from './live-eip-reader.js';
import type { SlackNotifier } from './slack-notifier.js';

/** What the command and button listeners work with; the composition root builds it once. */
export interface ListenerDeps {
  service: Pick<ChangeRequestService, 'request' | 'approve' | 'reject' | 'cancel' | 'undo' | 'listOpen' | 'setCard'>;
  reader: LiveEipReader;
  notifier: Pick<SlackNotifier, 'whenCardPosted'>;
  config: Pick<Config, 'accounts' | 'defaultAccount'>;
  accounts: Readonly<Record<string, AccountLabel>>;
  logger: Logger;
  /** How long a change command waits to tell the requester that the card is up (default 30 s). */
  cardWaitMs?: number;
}
