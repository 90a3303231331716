import type { Eip } from '../../providers/provider.js';
import { fallbackText, lineSections, section, type SlackMessage } from './block-builders.js';
import { bindingText } from './describe-binding.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import { accountText, type AccountLabel } from './request-card.js';

const LIST_LINES = 100;
const LIST_SECTIONS = 40;

/** Where the EIP stands, with the provider's own word for it: `bound (ACTIVE) to server …`. */
export function eipStateText(eip: Eip): string {
  const status = escapeMrkdwn(eip.providerStatus);
  switch (eip.status) {
    case 'bound':
      return eip.binding === undefined ? `bound (${status}) to something that is not a server NIC` : `bound (${status}) to ${bindingText(eip.binding)}`;
    case 'unbound':
      return `not bound (${status})`;
    case 'pending':
      return `changing right now (${status})${eip.binding === undefined ? '' : `, currently on ${bindingText(eip.binding)}`}`;
    case 'error':
      return `in error status ${status}`;
    case 'other':
      return `in status ${status}, used by something other than a server NIC`;
  }
}

export function eipLine(eip: Eip): string {
  const bandwidth = eip.bandwidthMbps === undefined ? '' : ` · ${eip.bandwidthMbps} Mbit/s`;
  const name = eip.name === undefined || eip.name === '' ? '' : ` · “${escapeMrkdwn(eip.name)}”`;
  return `• *${escapeMrkdwn(eip.address)}* ${code(eip.id)}: ${eipStateText(eip)}${bandwidth}${name}`;
}

/** `/eip show`: one EIP's live state. */
export function showMessage(account: string, label: AccountLabel | undefined, eip: Eip): SlackMessage {
  const lines = [
    `*${escapeMrkdwn(eip.address)}* ${code(eip.id)} on ${escapeMrkdwn(accountText(account, label))}`,
    `*Status:* ${eipStateText(eip)}`,
    ...(eip.bandwidthMbps === undefined ? [] : [`*Bandwidth:* ${eip.bandwidthMbps} Mbit/s`]),
    ...(eip.name === undefined || eip.name === '' ? [] : [`*Name:* ${escapeMrkdwn(eip.name)}`]),
  ];
  return { text: fallbackText(escapeMrkdwn(`${eip.address} on ${account}: ${eip.status}`)), blocks: [section(lines.join('\n'))] };
}

/** `/eip list`: the EIPs of an account, or those bound to one server. */
export function listMessage(account: string, label: AccountLabel | undefined, eips: readonly Eip[], serverId?: string): SlackMessage {
  const scope = serverId === undefined ? '' : ` bound to server ${code(serverId)}`;
  const count = `${eips.length} EIP${eips.length === 1 ? '' : 's'}`;
  const heading = `*${count}* on ${escapeMrkdwn(accountText(account, label))}${scope}`;
  if (eips.length === 0) {
    return { text: fallbackText(escapeMrkdwn(`No EIPs on ${account}`)), blocks: [section(`${heading}.`)] };
  }
  const lines = eips.map(eipLine);
  return {
    text: fallbackText(escapeMrkdwn(`${count} on ${account}`)),
    blocks: [
      section(`${heading}:`),
      ...lineSections(lines, { maxBlocks: LIST_SECTIONS, maxLines: LIST_LINES }, (hidden) =>
        serverId === undefined ? `…and ${hidden} more; narrow the list with --server &lt;id&gt;.` : `…and ${hidden} more.`,
      ),
    ],
  };
}
