import { z } from 'zod';
import type { Answer, CallContext, HuaweiHttpClient } from './http-client.js';
import { HuaweiOperation } from './huawei-operations.js';

/** VPC ports (seed 001 step 1, reference §5): a server's NICs, and the VIPs on them. */
const portSchema = z.object({
  id: z.string(),
  device_id: z.string().nullish(),
  device_owner: z.string().nullish(),
  network_id: z.string().nullish(),
  status: z.string().nullish(),
  fixed_ips: z.array(z.object({ ip_address: z.string(), subnet_id: z.string().nullish() })).nullish(),
  allowed_address_pairs: z.array(z.object({ ip_address: z.string(), mac_address: z.string().nullish() })).nullish(),
  'binding:vif_details': z.object({ primary_interface: z.boolean().nullish() }).nullish(),
});
export type Port = z.infer<typeof portSchema>;

const pageSchema = z.object({ ports: z.array(portSchema) });
const oneSchema = z.object({ port: portSchema });

const PAGE_LIMIT = 1000;
/** Ids per `?id=…&id=…` query: 40 UUIDs keep the URL under 2 KB. */
const IDS_PER_QUERY = 40;

export class HuaweiPortsClient {
  readonly #http: HuaweiHttpClient;

  constructor(http: HuaweiHttpClient) {
    this.#http = http;
  }

  /** The ports of one server (its NICs), filtered here as well in case the filter is ignored. */
  async listByDevice(serverId: string, call: CallContext): Promise<Port[]> {
    const ports = await this.#list({ device_id: serverId }, call);
    return ports.filter((port) => port.device_id === serverId);
  }

  /** The ports with these ids, in as few calls as the URL length allows. */
  async listByIds(ids: readonly string[], call: CallContext): Promise<Port[]> {
    const unique = [...new Set(ids)];
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += IDS_PER_QUERY) chunks.push(unique.slice(i, i + IDS_PER_QUERY));
    const wanted = new Set(unique);
    const pages = await Promise.all(chunks.map((chunk) => this.#list({ id: chunk }, call)));
    return pages.flat().filter((port) => wanted.has(port.id));
  }

  async show(portId: string, call: CallContext): Promise<Answer<Port>> {
    const response = await this.#http.send(
      {
        operation: HuaweiOperation.showPort,
        service: 'vpc',
        method: 'GET',
        path: (projectId) => `/v1/${projectId}/ports/${encodeURIComponent(portId)}`,
        schema: oneSchema,
        idempotent: true,
      },
      call,
    );
    return { data: response.data.port, requestId: response.requestId };
  }

  async #list(filter: Record<string, string | string[]>, call: CallContext): Promise<Port[]> {
    const found: Port[] = [];
    const seen = new Set<string>();
    let marker: string | undefined;
    for (;;) {
      const query = { ...filter, limit: PAGE_LIMIT, ...(marker === undefined ? {} : { marker }) };
      const response = await this.#http.send(
        {
          operation: HuaweiOperation.listPorts,
          service: 'vpc',
          method: 'GET',
          path: (projectId) => `/v1/${projectId}/ports`,
          query,
          schema: pageSchema,
          idempotent: true,
        },
        call,
      );
      const page = response.data.ports;
      const fresh = page.filter((port) => !seen.has(port.id));
      for (const port of fresh) {
        seen.add(port.id);
        found.push(port);
      }
      const last = page.at(-1);
      if (page.length < PAGE_LIMIT || fresh.length === 0 || last === undefined) return found;
      marker = last.id;
    }
  }
}
