import { z } from 'zod';
import type { Answer, CallContext, HuaweiHttpClient } from './http-client.js';
import { HuaweiOperation } from './huawei-operations.js';

/** `os-interface` (reference §6.1): top-level keys are camelCase, the rest snake_case. */
const serverNicsSchema = z.object({
  interfaceAttachments: z.array(
    z.object({
      port_id: z.string(),
      net_id: z.string().nullish(),
      port_state: z.string().nullish(),
      fixed_ips: z.array(z.object({ ip_address: z.string(), subnet_id: z.string().nullish() })).nullish(),
    }),
  ),
});
export type ServerNic = z.infer<typeof serverNicsSchema>['interfaceAttachments'][number];

const nicUpdateSchema = z.object({ port_id: z.string() });

/**
 * ECS NICs: list a server's NICs, and bind/unbind a NIC's virtual IP (seed 003). The
 * VIP PUT is marked "Discarded" in Huawei's current docs and absent on OTC (reference
 * §6.2), so it stays isolated here; a 404 surfaces as a clear typed error.
 */
export class HuaweiEcsNicClient {
  readonly #http: HuaweiHttpClient;

  constructor(http: HuaweiHttpClient) {
    this.#http = http;
  }

  async listServerNics(serverId: string, call: CallContext): Promise<ServerNic[]> {
    const response = await this.#http.send(
      {
        operation: HuaweiOperation.listServerNics,
        service: 'ecs',
        method: 'GET',
        path: (projectId) => `/v1/${projectId}/cloudservers/${encodeURIComponent(serverId)}/os-interface`,
        schema: serverNicsSchema,
        idempotent: true,
      },
      call,
    );
    return response.data.interfaceAttachments;
  }

  /** `subnetId` is the VPC subnet's network id (the port's `network_id`). */
  bindVip(nicId: string, vip: { address: string; subnetId: string }, call: CallContext): Promise<Answer<{ port_id: string }>> {
    return this.#update(nicId, { subnet_id: vip.subnetId, ip_address: vip.address, reverse_binding: true }, call);
  }

  /** Both fields empty, and no `reverse_binding`: the body the official SDK sends (reference §6.2). */
  unbindVip(nicId: string, call: CallContext): Promise<Answer<{ port_id: string }>> {
    return this.#update(nicId, { subnet_id: '', ip_address: '' }, call);
  }

  async #update(nicId: string, nic: Record<string, string | boolean>, call: CallContext): Promise<Answer<{ port_id: string }>> {
    const response = await this.#http.send(
      {
        operation: HuaweiOperation.updateNicVip,
        service: 'ecs',
        method: 'PUT',
        path: (projectId) => `/v1/${projectId}/cloudservers/nics/${encodeURIComponent(nicId)}`,
        body: { nic },
        schema: nicUpdateSchema,
        idempotent: false,
      },
      call,
    );
    return { data: response.data, requestId: response.requestId };
  }
}
