import type { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Secret } from '../../config/secret.js';
import type { CallOptions } from '../provider.js';
import { APPLIED_EARLIER, type CallPipeline, type CallSpec } from './call-pipeline.js';
import { buildLegacyRequest } from './legacy-request.js';
import {
  describeEipSchema,
  describeLegacyNetworkInterfacesSchema,
  legacyEnvelopeSchema,
  type LegacyEip,
  type LegacyNetworkInterface,
} from './legacy-schemas.js';
import type { LegacyParams } from './signer-legacy.js';
import { tencentLegacyError, tencentTransportError } from './tencent-error.js';

/**
 * Tencent Cloud's legacy API 2.0 (`eip.api.qcloud.com/v2/index.php`, GET, signature v1
 * with HmacSHA256) — the API of seed 004 (`EipUnBindInstance`).
 *
 * Legacy: Tencent switched API 2.0 off on its public cloud — the EIP 2.0 actions went
 * offline on 2023-01-01 (reference/tencent.md §0, "API2.0下线通知" and the EIP
 * "API 2.0 → 3.0" guide). This client stays for deployments that still serve it
 * (private Tencent Cloud installations, gateways); every other account uses API 3.0
 * (`api: v3`, the default).
 *
 * The writes answer only `{code, message}`: no task id. Completion shows in
 * DescribeEip's `status` (1 → 2 on bind, 3 → 4 on unbind).
 */
export interface LegacyClientConfig {
  /** The EIP module, `https://eip.api.qcloud.com` or an override. */
  eipEndpoint: string;
  /** The VPC module (ENIs), `https://vpc.api.qcloud.com` or an override. */
  vpcEndpoint: string;
  region: string;
  secretId: Secret;
  secretKey: Secret;
  clock: Clock;
  random: () => number;
}

export interface DescribeEipQuery {
  eipIds?: string[];
  eips?: string[];
  unInstanceIds?: string[];
  networkInterfaceIds?: string[];
  privateIpAddress?: string;
  /** Fuzzy match on the EIP name. */
  searchKey?: string;
}

export type LegacyBindInput =
  | { eipId: string; unInstanceId: string }
  | { eipId: string; networkInterfaceId: string; privateIpAddress: string };

export type LegacyUnbindInput = ({ eipId: string } | { networkInterfaceId: string; privateIpAddress: string }) & {
  /** Give the primary IP of the primary ENI a new normal public IP (daily quota). */
  allocWanIp: boolean;
};

export type LegacyWriteOutcome = { sent: true } | typeof APPLIED_EARLIER;

/** DescribeEip caps `limit` at 100; the VPC module's DescribeNetworkInterfaces at 50. */
const EIP_PAGE = 100;
const ENI_PAGE = 50;

export class TencentLegacyClient {
  readonly #pipeline: CallPipeline;
  readonly #config: LegacyClientConfig;

  constructor(pipeline: CallPipeline, config: LegacyClientConfig) {
    this.#pipeline = pipeline;
    this.#config = config;
  }

  async describeEip(query: DescribeEipQuery, options?: CallOptions): Promise<LegacyEip[]> {
    const params: LegacyParams = {
      ...indexed('eipIds', query.eipIds),
      ...indexed('eips', query.eips),
      ...indexed('unInstanceIds', query.unInstanceIds),
      ...indexed('networkInterfaceIds', query.networkInterfaceIds),
      ...(query.privateIpAddress !== undefined && { privateIpAddress: query.privateIpAddress }),
      ...(query.searchKey !== undefined && { searchKey: query.searchKey }),
    };
    const found: LegacyEip[] = [];
    for (let offset = 0; ; offset += EIP_PAGE) {
      const { value } = await this.#pipeline.call(
        this.#spec(this.#config.eipEndpoint, 'DescribeEip', { ...params, offset, limit: EIP_PAGE }, describeEipSchema, 'read'),
        options,
      );
      const set = value.data.eipSet ?? [];
      found.push(...set);
      if (set.length < EIP_PAGE || found.length >= value.totalCount) return found;
    }
  }

  async describeNetworkInterfaces(
    query: { instanceId?: string; networkInterfaceId?: string },
    options?: CallOptions,
  ): Promise<LegacyNetworkInterface[]> {
    const params: LegacyParams = {
      ...(query.instanceId !== undefined && { instanceId: query.instanceId }),
      ...(query.networkInterfaceId !== undefined && { networkInterfaceId: query.networkInterfaceId }),
    };
    const found: LegacyNetworkInterface[] = [];
    for (let offset = 0; ; offset += ENI_PAGE) {
      const { value } = await this.#pipeline.call(
        this.#spec(
          this.#config.vpcEndpoint,
          'DescribeNetworkInterfaces',
          { ...params, offset, limit: ENI_PAGE },
          describeLegacyNetworkInterfacesSchema,
          'read',
        ),
        options,
      );
      const set = value.data.data ?? [];
      found.push(...set);
      if (set.length < ENI_PAGE || found.length >= value.data.totalNum) return found;
    }
  }

  /** `unInstanceId` binds the primary IP of the server's primary NIC; otherwise ENI + private IP. */
  eipBindInstance(input: LegacyBindInput, recheck: () => Promise<'applied' | 'repeat'>, options?: CallOptions): Promise<LegacyWriteOutcome> {
    const params: LegacyParams =
      'unInstanceId' in input
        ? { eipId: input.eipId, unInstanceId: input.unInstanceId }
        : { eipId: input.eipId, networkInterfaceId: input.networkInterfaceId, privateIpAddress: input.privateIpAddress };
    return this.#write('EipBindInstance', params, recheck, options);
  }

  /**
   * Every parameter of seed 004: `eipId`, or `networkInterfaceId` + `privateIpAddress`;
   * `allocWanIp`; `unBindPrivateIpWithEip` is always 1 — an unbind must also dissolve
   * the ENI-IP ↔ EIP relation of a secondary IP, or the EIP would still be tied to it.
   */
  eipUnBindInstance(input: LegacyUnbindInput, recheck: () => Promise<'applied' | 'repeat'>, options?: CallOptions): Promise<LegacyWriteOutcome> {
    const target: LegacyParams =
      'eipId' in input
        ? { eipId: input.eipId }
        : { networkInterfaceId: input.networkInterfaceId, privateIpAddress: input.privateIpAddress };
    return this.#write('EipUnBindInstance', { ...target, allocWanIp: input.allocWanIp ? 1 : 0, unBindPrivateIpWithEip: 1 }, recheck, options);
  }

  async #write(
    action: string,
    params: LegacyParams,
    recheck: () => Promise<'applied' | 'repeat'>,
    options?: CallOptions,
  ): Promise<LegacyWriteOutcome> {
    const result = await this.#pipeline.write(this.#spec(this.#config.eipEndpoint, action, params, legacyEnvelopeSchema, 'write'), recheck, options);
    return 'sent' in result ? result : { sent: true };
  }

  #spec<S extends z.ZodType>(endpoint: string, action: string, params: LegacyParams, schema: S, retry: CallSpec<unknown>['retry']): CallSpec<z.output<S>> {
    const { region, secretId, secretKey, clock, random } = this.#config;
    const context = this.#pipeline.context(action);
    const write = retry !== 'read';
    return {
      operation: action,
      retry,
      build: () =>
        buildLegacyRequest({
          endpoint,
          action,
          region,
          secretId: secretId.reveal(),
          secretKey: secretKey.reveal(),
          timestamp: Math.floor(clock.now() / 1000),
          nonce: 1 + Math.floor(random() * 2_147_483_646),
          params,
        }),
      parse: (json) => {
        const envelope = legacyEnvelopeSchema.safeParse(json);
        if (!envelope.success) {
          throw tencentTransportError(context, { reason: 'the answer was not a Tencent Cloud API 2.0 response', write });
        }
        if (envelope.data.code !== 0) {
          throw tencentLegacyError(context, {
            code: envelope.data.code,
            message: envelope.data.message ?? undefined,
            codeDesc: envelope.data.codeDesc ?? undefined,
          });
        }
        const value = schema.safeParse(json);
        if (!value.success) {
          throw tencentTransportError(context, {
            reason: `the answer lacked expected fields (${value.error.issues.map((i) => i.path.join('.')).join(', ')})`,
            write,
          });
        }
        return { value: value.data };
      },
    };
  }
}

/** Arrays are sent as `name.0`, `name.1`, … (0-based). */
function indexed(name: string, values: string[] | undefined): LegacyParams {
  return Object.fromEntries((values ?? []).map((value, index) => [`${name}.${index}`, value]));
}
