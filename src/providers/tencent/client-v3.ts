import type { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Secret } from '../../config/secret.js';
import type { CallOptions } from '../provider.js';
import { APPLIED_EARLIER, type CallPipeline, type CallSpec } from './call-pipeline.js';
import { tencentApiError, tencentTransportError } from './tencent-error.js';
import { buildV3Request } from './v3-request.js';
import {
  allocateAddressesSchema,
  describeAddressesSchema,
  describeNetworkInterfacesSchema,
  describeTaskResultSchema,
  v3EnvelopeSchema,
  v3ErrorSchema,
  writeResultSchema,
  type Address,
  type NetworkInterface,
  type TaskResult,
} from './v3-schemas.js';

/**
 * Tencent Cloud API 3.0, VPC product (`vpc.tencentcloudapi.com`, version 2017-03-12):
 * the EIP actions and the ENI lookup bind targets need. One method per action; HTTP,
 * signing, rate limiting and retries belong to the `CallPipeline`.
 */
export interface V3ClientConfig {
  endpoint: string;
  region: string;
  secretId: Secret;
  secretKey: Secret;
  clock: Clock;
}

export interface Filter {
  Name: string;
  Values: string[];
}

export type AssociateInput =
  | { addressId: string; instanceId: string }
  | { addressId: string; networkInterfaceId: string; privateIpAddress: string };

export type WriteOutcome = { sent: true; taskId?: string; requestId?: string } | typeof APPLIED_EARLIER;

/** Where DescribeAddresses and DescribeNetworkInterfaces cap `Limit`. */
const PAGE_SIZE = 100;

export class TencentV3Client {
  readonly #pipeline: CallPipeline;
  readonly #config: V3ClientConfig;

  constructor(pipeline: CallPipeline, config: V3ClientConfig) {
    this.#pipeline = pipeline;
    this.#config = config;
  }

  /** Every address matching the ids or the filters (AND of filters, OR of values), all pages. */
  async describeAddresses(query: { addressIds?: string[]; filters?: Filter[] }, options?: CallOptions): Promise<Address[]> {
    const found: Address[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await this.#read(
        'DescribeAddresses',
        { AddressIds: query.addressIds, Filters: query.filters, Offset: offset, Limit: PAGE_SIZE },
        describeAddressesSchema,
        options,
      );
      const set = page.AddressSet ?? [];
      found.push(...set);
      if (set.length < PAGE_SIZE || found.length >= page.TotalCount) return found;
    }
  }

  async describeNetworkInterfaces(
    query: { networkInterfaceIds?: string[]; filters?: Filter[] },
    options?: CallOptions,
  ): Promise<NetworkInterface[]> {
    const found: NetworkInterface[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await this.#read(
        'DescribeNetworkInterfaces',
        { NetworkInterfaceIds: query.networkInterfaceIds, Filters: query.filters, Offset: offset, Limit: PAGE_SIZE },
        describeNetworkInterfacesSchema,
        options,
      );
      const set = page.NetworkInterfaceSet ?? [];
      found.push(...set);
      if (set.length < PAGE_SIZE || found.length >= page.TotalCount) return found;
    }
  }

  /** Binds to an instance (its primary ENI's primary IP) or to an ENI + one of its private IPs; the two forms are exclusive. */
  associateAddress(input: AssociateInput, recheck: () => Promise<'applied' | 'repeat'>, options?: CallOptions): Promise<WriteOutcome> {
    const body =
      'instanceId' in input
        ? { AddressId: input.addressId, InstanceId: input.instanceId }
        : { AddressId: input.addressId, NetworkInterfaceId: input.networkInterfaceId, PrivateIpAddress: input.privateIpAddress };
    return this.#write('AssociateAddress', body, recheck, options);
  }

  /** `ReallocateNormalPublicIp` gives the server a normal public IP back; it spends the daily DAILY_PUBLIC_IP_ASSIGN quota. */
  disassociateAddress(
    input: { addressId: string; reallocateNormalPublicIp: boolean },
    recheck: () => Promise<'applied' | 'repeat'>,
    options?: CallOptions,
  ): Promise<WriteOutcome> {
    const body = input.reallocateNormalPublicIp
      ? { AddressId: input.addressId, ReallocateNormalPublicIp: true }
      : { AddressId: input.addressId };
    return this.#write('DisassociateAddress', body, recheck, options);
  }

  /**
   * One EIP with `InternetMaxBandwidthOut` Mbit/s, named `name`. No charge type is
   * sent, so the account's pay-as-you-go default applies (TRAFFIC_POSTPAID_BY_HOUR for
   * standard accounts, reference §4.4). `ClientToken` makes a repeat with the same
   * token return the first result instead of a second EIP. Never retried here.
   */
  async allocateAddresses(
    input: { name: string; bandwidthMbps: number; clientToken: string },
    options?: CallOptions,
  ): Promise<{ addressId: string; taskId?: string; requestId?: string }> {
    const { value, requestId } = await this.#pipeline.call(
      this.#spec(
        'AllocateAddresses',
        JSON.stringify({
          AddressCount: 1,
          AddressName: input.name,
          InternetMaxBandwidthOut: input.bandwidthMbps,
          ClientToken: input.clientToken,
        }),
        allocateAddressesSchema,
        'once',
      ),
      options,
    );
    return { addressId: value.AddressSet[0]!, taskId: value.TaskId ?? undefined, requestId };
  }

  /**
   * The write actions return the TaskId as a string; DescribeTaskResult takes an
   * integer (uint64). The digits are written into the JSON as they are, so an id beyond
   * 2^53 is not rounded on the way.
   */
  async describeTaskResult(taskId: string, options?: CallOptions): Promise<TaskResult> {
    if (!/^\d+$/.test(taskId)) throw new RangeError(`task id ${taskId} is not a decimal integer`);
    const { value } = await this.#pipeline.call(
      this.#spec('DescribeTaskResult', `{"TaskId":${taskId}}`, describeTaskResultSchema, 'read'),
      options,
    );
    return value.Result;
  }

  async #read<S extends z.ZodType>(action: string, params: Record<string, unknown>, schema: S, options?: CallOptions): Promise<z.output<S>> {
    const { value } = await this.#pipeline.call(this.#spec(action, JSON.stringify(params), schema, 'read'), options);
    return value;
  }

  async #write(
    action: string,
    params: Record<string, unknown>,
    recheck: () => Promise<'applied' | 'repeat'>,
    options?: CallOptions,
  ): Promise<WriteOutcome> {
    const result = await this.#pipeline.write(this.#spec(action, JSON.stringify(params), writeResultSchema, 'write'), recheck, options);
    if ('sent' in result) return result;
    return { sent: true, taskId: result.value.TaskId ?? undefined, requestId: result.requestId };
  }

  #spec<S extends z.ZodType>(action: string, body: string, schema: S, retry: CallSpec<unknown>['retry']): CallSpec<z.output<S>> {
    const { endpoint, region, secretId, secretKey, clock } = this.#config;
    const context = this.#pipeline.context(action);
    const write = retry !== 'read';
    return {
      operation: action,
      retry,
      build: () =>
        buildV3Request({
          endpoint,
          action,
          region,
          secretId: secretId.reveal(),
          secretKey: secretKey.reveal(),
          timestamp: Math.floor(clock.now() / 1000),
          body,
        }),
      parse: (json) => {
        const envelope = v3EnvelopeSchema.safeParse(json);
        if (!envelope.success) {
          throw tencentTransportError(context, { reason: 'the answer was not a Tencent Cloud API 3.0 response', write });
        }
        const response = envelope.data.Response;
        const requestId = response.RequestId ?? undefined;
        if ('Error' in response) {
          const failure = v3ErrorSchema.safeParse(response);
          if (failure.success) {
            throw tencentApiError(context, {
              code: failure.data.Error.Code,
              message: failure.data.Error.Message ?? undefined,
              requestId,
            });
          }
        }
        const value = schema.safeParse(response);
        if (!value.success) {
          throw tencentTransportError(context, {
            reason: `the answer lacked expected fields (${value.error.issues.map((i) => i.path.join('.')).join(', ')}), request id ${requestId}`,
            write,
          });
        }
        return { value: value.data, requestId };
      },
    };
  }
}
