/**
 * What a word of an /eip command names, recognised by its shape alone (SPEC §2):
 * Huawei resources are UUIDs, Tencent resources are `eip-`/`ins-`/`eni-` and 8 letters
 * or digits, and targets may be `port:<uuid>` (Huawei) or `eni:<eni-id>/<private-ip>`
 * (Tencent). Ids are compared in lower case, as both clouds issue them.
 */

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const TENCENT_EIP_PATTERN = /^eip-[0-9a-z]{8}$/;
export const TENCENT_INSTANCE_PATTERN = /^ins-[0-9a-z]{8}$/;
export const TENCENT_ENI_PATTERN = /^eni-[0-9a-z]{8}$/;
/** Dotted quad without leading zeros: `010.0.0.1` reads as octal to some tools, so it is refused rather than guessed. */
export const IPV4_PATTERN = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export type ResourceId =
  | { kind: 'uuid'; id: string }
  | { kind: 'tencent-eip'; id: string }
  | { kind: 'tencent-instance'; id: string }
  | { kind: 'tencent-eni'; id: string }
  | { kind: 'ipv4'; address: string }
  | { kind: 'port'; portId: string }
  | { kind: 'eni-address'; eniId: string; privateIp: string }
  /** Not a well-formed id; `problem` says what is wrong with it when its shape gives it away. */
  | { kind: 'malformed'; problem?: string };

const TENCENT_PREFIXES: Record<string, string> = {
  'eip-': 'a Tencent EIP id: those are eip- followed by 8 letters or digits, like eip-mksy14ay',
  'ins-': 'a Tencent server id: those are ins- followed by 8 letters or digits, like ins-0a1b2c3d',
  'eni-': 'a Tencent ENI id: those are eni- followed by 8 letters or digits, like eni-0a1b2c3d',
};

const UUID_EXAMPLE = '5d0c5a2e-8f4b-4e0a-9d1c-2b7a6f0e4d13';

function malformedProblem(lower: string): string | undefined {
  for (const [prefix, what] of Object.entries(TENCENT_PREFIXES)) {
    if (lower.startsWith(prefix)) return `is not ${what}`;
  }
  if (/^[\d.]+$/.test(lower) && lower.includes('.')) {
    return 'is not an IPv4 address: that is four numbers from 0 to 255, like 203.0.113.10';
  }
  if (/^[0-9a-f-]+$/.test(lower) && lower.includes('-') && lower.length >= 20) {
    return `is not a Huawei id: those are UUIDs like ${UUID_EXAMPLE}`;
  }
  return undefined;
}

export function recognizeResourceId(text: string): ResourceId {
  const lower = text.toLowerCase();
  if (UUID_PATTERN.test(lower)) return { kind: 'uuid', id: lower };
  if (TENCENT_EIP_PATTERN.test(lower)) return { kind: 'tencent-eip', id: lower };
  if (TENCENT_INSTANCE_PATTERN.test(lower)) return { kind: 'tencent-instance', id: lower };
  if (TENCENT_ENI_PATTERN.test(lower)) return { kind: 'tencent-eni', id: lower };
  if (IPV4_PATTERN.test(lower)) return { kind: 'ipv4', address: lower };
  if (lower.startsWith('port:')) {
    const portId = lower.slice('port:'.length);
    if (UUID_PATTERN.test(portId)) return { kind: 'port', portId };
    return { kind: 'malformed', problem: `is not a port: port:<id> takes a Huawei port UUID, like port:${UUID_EXAMPLE}` };
  }
  if (lower.startsWith('eni:')) {
    const [eniId = '', privateIp, ...rest] = lower.slice('eni:'.length).split('/');
    if (!TENCENT_ENI_PATTERN.test(eniId)) {
      return { kind: 'malformed', problem: `does not name an ENI: eni:<eni-id>/<private-ip> takes a Tencent ENI id, like eni:eni-0a1b2c3d/10.0.0.5` };
    }
    if (privateIp === undefined || privateIp === '') {
      return { kind: 'malformed', problem: `needs the private IP after the ENI id: eni:${eniId}/<private-ip>` };
    }
    if (rest.length > 0 || !IPV4_PATTERN.test(privateIp)) {
      return { kind: 'malformed', problem: `does not end in a private IPv4 address: eni:${eniId}/<private-ip>, like eni:${eniId}/10.0.0.5` };
    }
    return { kind: 'eni-address', eniId, privateIp };
  }
  const problem = malformedProblem(lower);
  return problem === undefined ? { kind: 'malformed' } : { kind: 'malformed', problem };
}
