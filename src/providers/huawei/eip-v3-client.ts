import { z } from 'zod';
import type { Answer, CallContext, HuaweiHttpClient } from './http-client.js';
import { HuaweiOperation } from './huawei-operations.js';

/**
 * EIP API v3 (seed 002, reference §4): show, `associate-instance` and
 * `disassociate-instance`. The binding truth is `associate_instance_*` / `vnic`; the
 * OTC doc's own example shows `DOWN` with a populated `vnic`.
 */
const publicIpV3Schema = z.object({
  id: z.string(),
  status: z.string(),
  public_ip_address: z.string().nullish(),
  public_ipv6_address: z.string().nullish(),
  alias: z.string().nullish(),
  associate_instance_type: z.string().nullish(),
  associate_instance_id: z.string().nullish(),
  vnic: z
    .object({
      port_id: z.string().nullish(),
      private_ip_address: z.string().nullish(),
      device_id: z.string().nullish(),
    })
    .nullish(),
  bandwidth: z.object({ size: z.number().nullish(), name: z.string().nullish() }).nullish(),
});
export type PublicIpV3 = z.infer<typeof publicIpV3Schema>;

const answerSchema = z.object({ publicip: publicIpV3Schema, request_id: z.string().optional() });

export class HuaweiEipV3Client {
  readonly #http: HuaweiHttpClient;

  constructor(http: HuaweiHttpClient) {
    this.#http = http;
  }

  async show(eipId: string, call: CallContext): Promise<Answer<PublicIpV3>> {
    const response = await this.#http.send(
      {
        operation: HuaweiOperation.showEipV3,
        service: 'vpc',
        method: 'GET',
        path: (projectId) => `/v3/${projectId}/eip/publicips/${encodeURIComponent(eipId)}`,
        schema: answerSchema,
        idempotent: true,
      },
      call,
    );
    return { data: response.data.publicip, requestId: response.requestId };
  }

  async associatePort(eipId: string, portId: string, call: CallContext): Promise<Answer<PublicIpV3>> {
    const response = await this.#http.send(
      {
        operation: HuaweiOperation.associateV3,
        service: 'vpc',
        method: 'POST',
        path: (projectId) => `/v3/${projectId}/eip/publicips/${encodeURIComponent(eipId)}/associate-instance`,
        body: { publicip: { associate_instance_type: 'PORT', associate_instance_id: portId } },
        schema: answerSchema,
        idempotent: false,
      },
      call,
    );
    return { data: response.data.publicip, requestId: response.requestId };
  }

  /** No request body (seed 002). 409 `EIP.7902` means it was not bound; the caller decides. */
  async disassociate(eipId: string, call: CallContext): Promise<Answer<PublicIpV3>> {
    const response = await this.#http.send(
      {
        operation: HuaweiOperation.disassociateV3,
        service: 'vpc',
        method: 'POST',
        path: (projectId) => `/v3/${projectId}/eip/publicips/${encodeURIComponent(eipId)}/disassociate-instance`,
        schema: answerSchema,
        idempotent: false,
      },
      call,
    );
    return { data: response.data.publicip, requestId: response.requestId };
  }
}
