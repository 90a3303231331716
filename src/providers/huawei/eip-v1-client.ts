import { z } from 'zod';
import type { Answer, CallContext, HuaweiHttpClient } from './http-client.js';
import { HuaweiOperation } from './huawei-operations.js';

/**
 * EIP API v1 (seeds 000 and 001, reference §3): show, list, create, and the PUT that
 * binds (`port_id`) and unbinds (`port_id: ""`). Every field but `id` and `status` may be
 * absent or null (OTC sends `null` `port_id` for EIPs on a dedicated load balancer).
 */
const publicIpV1Schema = z.object({
  id: z.string(),
  status: z.string(),
  public_ip_address: z.string().nullish(),
  public_ipv6_address: z.string().nullish(),
  private_ip_address: z.string().nullish(),
  port_id: z.string().nullish(),
  bandwidth_size: z.number().nullish(),
  bandwidth_name: z.string().nullish(),
  alias: z.string().nullish(),
});
export type PublicIpV1 = z.infer<typeof publicIpV1Schema>;

const oneSchema = z.object({ publicip: publicIpV1Schema });
const pageSchema = z.object({ publicips: z.array(publicIpV1Schema) });

export interface EipV1Filter {
  publicIpAddress?: string;
  portIds?: readonly string[];
}

export interface CreateEipV1Input {
  /** `eipbot-<request id>`: bandwidth name and alias, so an interrupted create can be found. */
  name: string;
  bandwidthMbps: number;
}

/** Page size for lists; a shorter page is the last one. */
const PAGE_LIMIT = 1000;

export class HuaweiEipV1Client {
  readonly #http: HuaweiHttpClient;

  constructor(http: HuaweiHttpClient) {
    this.#http = http;
  }

  async show(eipId: string, call: CallContext): Promise<Answer<PublicIpV1>> {
    const response = await this.#http.send(
      {
        operation: HuaweiOperation.showEipV1,
        service: 'vpc',
        method: 'GET',
        path: (projectId) => `/v1/${projectId}/publicips/${encodeURIComponent(eipId)}`,
        schema: oneSchema,
        idempotent: true,
      },
      call,
    );
    return { data: response.data.publicip, requestId: response.requestId };
  }

  /**
   * Every EIP matching `filter`, all pages. The filters go to the server (Huawei honours
   * them) and are applied again here, because OTC documents only marker/limit and ignores
   * the rest (reference §3.2).
   */
  async list(filter: EipV1Filter, call: CallContext): Promise<PublicIpV1[]> {
    const query: Record<string, string | number | string[]> = { limit: PAGE_LIMIT };
    if (filter.publicIpAddress !== undefined) query.public_ip_address = [filter.publicIpAddress];
    if (filter.portIds !== undefined) query.port_id = [...filter.portIds];
    const portIds = filter.portIds && new Set(filter.portIds);
    const matches = (eip: PublicIpV1) =>
      (filter.publicIpAddress === undefined ||
        eip.public_ip_address === filter.publicIpAddress ||
        eip.public_ipv6_address === filter.publicIpAddress) &&
      (portIds === undefined || (eip.port_id != null && portIds.has(eip.port_id)));

    const found: PublicIpV1[] = [];
    const seen = new Set<string>();
    let marker: string | undefined;
    for (;;) {
      const response = await this.#http.send(
        {
          operation: HuaweiOperation.listEipsV1,
          service: 'vpc',
          method: 'GET',
          path: (projectId) => `/v1/${projectId}/publicips`,
          query: marker === undefined ? query : { ...query, marker },
          schema: pageSchema,
          idempotent: true,
        },
        call,
      );
      const page = response.data.publicips;
      // A server that ignores `marker` would send the first page forever: stop when nothing is new.
      const fresh = page.filter((eip) => !seen.has(eip.id));
      for (const eip of fresh) {
        seen.add(eip.id);
        if (matches(eip)) found.push(eip);
      }
      const last = page.at(-1);
      if (page.length < PAGE_LIMIT || fresh.length === 0 || last === undefined) return found;
      marker = last.id;
    }
  }

  /** Pay-per-use EIP with dedicated (`PER`) bandwidth (seed 001, SPEC §1 `bind new`). Never retried here. */
  async create(input: CreateEipV1Input, call: CallContext): Promise<Answer<PublicIpV1>> {
    const response = await this.#http.send(
      {
        operation: HuaweiOperation.createEip,
        service: 'vpc',
        method: 'POST',
        path: (projectId) => `/v1/${projectId}/publicips`,
        body: {
          publicip: { type: '5_bgp', ip_version: 4, alias: input.name },
          bandwidth: { name: input.name, size: input.bandwidthMbps, share_type: 'PER' },
        },
        schema: oneSchema,
        idempotent: false,
      },
      call,
    );
    return { data: response.data.publicip, requestId: response.requestId };
  }

  /** Bind to `portId`, or unbind with `""` (seed 000). The answer's status is stale; only a later GET tells. */
  async setPort(eipId: string, portId: string, call: CallContext): Promise<Answer<PublicIpV1>> {
    const response = await this.#http.send(
      {
        operation: HuaweiOperation.updateEipV1,
        service: 'vpc',
        method: 'PUT',
        path: (projectId) => `/v1/${projectId}/publicips/${encodeURIComponent(eipId)}`,
        body: { publicip: { port_id: portId } },
        schema: oneSchema,
        idempotent: false,
      },
      call,
    );
    return { data: response.data.publicip, requestId: response.requestId };
  }
}
