import { z } from 'zod';
import { HuaweiOperation } from '../../providers/huawei/huawei-operations.js';
import { SimError, type SimErrorFormat } from './simulator-error.js';
import type { HuaweiSimState } from './simulator-state.js';
import { eipV1View, eipV3View, portView, serverNicsView } from './simulator-views.js';

export interface RouteContext {
  /** Path parameters; for every authenticated route the first is the project id. */
  params: string[];
  query: URLSearchParams;
  body: Buffer;
  state: HuaweiSimState;
  requestId: string;
  /** OTC documents only marker/limit for the EIP list and ignores other filters (reference §3.2). */
  ignoreEipListFilters: boolean;
}

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  operation: string;
  method: 'GET' | 'PUT' | 'POST';
  pattern: RegExp;
  /** The error body shape this service answers with. */
  format: SimErrorFormat;
  authenticated: boolean;
  handle(context: RouteContext): RouteResult;
}

function parseBody<T>(body: Buffer, schema: z.ZodType<T>, invalid: () => SimError): T {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw invalid();
  }
  const result = schema.safeParse(json);
  if (!result.success) throw invalid();
  return result.data;
}

function limitOf(query: URLSearchParams): number {
  const text = query.get('limit');
  if (text === null) return 2000;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 0 || limit > 2000) throw new SimError(400, 'VPC.0501', 'Invalid limit.');
  return limit;
}

function markerOf(query: URLSearchParams): string | undefined {
  return query.get('marker') ?? undefined;
}

const SEGMENT = '([^/]+)';

function path(...parts: string[]): RegExp {
  return new RegExp(`^${parts.join('/')}$`);
}

const tokenRequestSchema = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()),
      password: z.object({
        user: z.object({ name: z.string(), password: z.string(), domain: z.object({ name: z.string() }) }),
      }),
    }),
    scope: z.object({ project: z.union([z.object({ id: z.string() }), z.object({ name: z.string() })]) }),
  }),
});

const createEipSchema = z.object({
  publicip: z.object({
    type: z.string().min(1),
    ip_version: z.union([z.literal(4), z.literal(6)]).optional(),
    alias: z.string().optional(),
  }),
  bandwidth: z.object({
    name: z.string().optional(),
    size: z.number().int().optional(),
    share_type: z.string(),
    charge_mode: z.string().optional(),
    id: z.string().optional(),
  }),
  enterprise_project_id: z.string().optional(),
});

/** Both unbind bodies must work: `"port_id": ""` (seed 000) and `{}` (what Terraform sends, reference §3.4). */
const updateEipSchema = z.object({
  publicip: z.object({ port_id: z.string().optional(), ip_version: z.number().optional(), alias: z.string().optional() }),
});

const associateSchema = z.object({
  publicip: z.object({ associate_instance_type: z.string(), associate_instance_id: z.string().min(1) }),
});

const nicVipSchema = z.object({
  nic: z.object({ subnet_id: z.string(), ip_address: z.string(), reverse_binding: z.boolean().optional() }),
});

/** `2025-01-02T12:00:00.000000Z`: IAM's microsecond timestamps. */
function iamTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

const badRequestV1 = () => new SimError(400, 'VPC.0501', 'Invalid param.');

/**
 * Every route the simulator serves, one HTTP server for the IAM, VPC and ECS hosts
 * (reference §9). v3 error codes other than `EIP.7902` are not documented, so v3 routes
 * answer the v1 codes in the v3 body shape.
 */
export const huaweiRoutes: readonly Route[] = [
  {
    operation: HuaweiOperation.issueToken,
    method: 'POST',
    pattern: path('', 'v3', 'auth', 'tokens'),
    format: 'keystone',
    authenticated: false,
    handle: ({ body, state, query }) => {
      const request = parseBody(body, tokenRequestSchema, () => new SimError(400, '400', 'The request body is invalid.'));
      const { identity, scope } = request.auth;
      if (!identity.methods.includes('password')) throw new SimError(400, '400', 'Only the password method is supported.');
      const { name, password, domain } = identity.password.user;
      const user = state.users.find((candidate) => candidate.domain === domain.name && candidate.user === name);
      if (!user || user.password !== password) throw new SimError(401, '401', 'The username or password is wrong.');
      const projectMatches = 'id' in scope.project ? scope.project.id === user.projectId : scope.project.name === user.projectName;
      if (!projectMatches) throw new SimError(401, '401', 'The user has no role in the requested project.');
      const token = state.issueToken(user, { id: user.projectId, name: user.projectName });
      const domainRef = { id: `${user.domain}-domain-id`, name: user.domain };
      return {
        status: 201,
        headers: { 'X-Subject-Token': token.token },
        body: {
          token: {
            methods: ['password'],
            expires_at: iamTime(token.expiresAt),
            issued_at: iamTime(token.issuedAt),
            user: { domain: domainRef, id: `${user.user}-user-id`, name: user.user },
            project: { domain: domainRef, id: user.projectId, name: user.projectName },
            roles: [{ id: 'sim-role', name: 'te_admin' }],
            ...(query.get('nocatalog') ? {} : { catalog: [] }),
          },
        },
      };
    },
  },
  {
    operation: HuaweiOperation.listEipsV1,
    method: 'GET',
    pattern: path('', 'v1', SEGMENT, 'publicips'),
    format: 'v1',
    authenticated: true,
    handle: ({ params: [projectId = ''], query, state, ignoreEipListFilters }) => {
      const filtered = !ignoreEipListFilters;
      const eips = state.listEips(projectId, {
        publicIpAddresses: filtered ? query.getAll('public_ip_address') : [],
        portIds: filtered ? query.getAll('port_id') : [],
        ids: filtered ? query.getAll('id') : [],
        privateIps: filtered ? query.getAll('private_ip_address') : [],
        marker: markerOf(query),
        limit: limitOf(query),
      });
      return { status: 200, body: { publicips: eips.map((eip) => eipV1View(state, eip)) } };
    },
  },
  {
    operation: HuaweiOperation.createEip,
    method: 'POST',
    pattern: path('', 'v1', SEGMENT, 'publicips'),
    format: 'v1',
    authenticated: true,
    handle: ({ params: [projectId = ''], body, state }) => {
      const request = parseBody(body, createEipSchema, badRequestV1);
      const bandwidth = request.bandwidth;
      if (bandwidth.share_type !== 'PER') {
        throw new SimError(400, 'VPC.0301', 'Bandwidth name or share_type is invalid.');
      }
      if (!bandwidth.name || bandwidth.size === undefined || bandwidth.size < 1 || bandwidth.size > 2000) {
        throw new SimError(400, 'VPC.0301', 'Bandwidth name or share_type is invalid.');
      }
      const eip = state.createEip(projectId, { alias: request.publicip.alias, bandwidthName: bandwidth.name, size: bandwidth.size });
      // Reference §3.3: the create answer shows PENDING_CREATE and bandwidth_size 0.
      return { status: 200, body: { publicip: { ...eipV1View(state, eip), bandwidth_size: 0 } } };
    },
  },
  {
    operation: HuaweiOperation.showEipV1,
    method: 'GET',
    pattern: path('', 'v1', SEGMENT, 'publicips', SEGMENT),
    format: 'v1',
    authenticated: true,
    handle: ({ params: [projectId = '', eipId = ''], state }) => ({
      status: 200,
      body: { publicip: eipV1View(state, state.eip(projectId, eipId)) },
    }),
  },
  {
    operation: HuaweiOperation.updateEipV1,
    method: 'PUT',
    pattern: path('', 'v1', SEGMENT, 'publicips', SEGMENT),
    format: 'v1',
    authenticated: true,
    handle: ({ params: [projectId = '', eipId = ''], body, state }) => {
      const { publicip } = parseBody(body, updateEipSchema, badRequestV1);
      if (publicip.port_id !== undefined && publicip.port_id !== '' && publicip.ip_version !== undefined) {
        throw new SimError(400, 'VPC.0501', 'port_id and ip_version cannot be set together.');
      }
      const change =
        publicip.port_id === undefined || publicip.port_id === ''
          ? state.unbindEip(projectId, eipId)
          : state.bindEip(projectId, eipId, publicip.port_id);
      return { status: 200, body: { publicip: eipV1View(state, change.eip, change.staleStatus) } };
    },
  },
  {
    operation: HuaweiOperation.showEipV3,
    method: 'GET',
    pattern: path('', 'v3', SEGMENT, 'eip', 'publicips', SEGMENT),
    format: 'gateway',
    authenticated: true,
    handle: ({ params: [projectId = '', eipId = ''], state, requestId }) => ({
      status: 200,
      body: { publicip: eipV3View(state, state.eip(projectId, eipId)), request_id: requestId },
    }),
  },
  {
    operation: HuaweiOperation.associateV3,
    method: 'POST',
    pattern: path('', 'v3', SEGMENT, 'eip', 'publicips', SEGMENT, 'associate-instance'),
    format: 'gateway',
    authenticated: true,
    handle: ({ params: [projectId = '', eipId = ''], body, state, requestId }) => {
      const { publicip } = parseBody(body, associateSchema, badRequestV1);
      if (publicip.associate_instance_type !== 'PORT') {
        throw new SimError(400, 'VPC.0501', 'The simulator binds EIPs to ports only (associate_instance_type PORT).');
      }
      const change = state.bindEip(projectId, eipId, publicip.associate_instance_id);
      return { status: 200, body: { publicip: eipV3View(state, change.eip, change.staleStatus), request_id: requestId } };
    },
  },
  {
    operation: HuaweiOperation.disassociateV3,
    method: 'POST',
    pattern: path('', 'v3', SEGMENT, 'eip', 'publicips', SEGMENT, 'disassociate-instance'),
    format: 'gateway',
    authenticated: true,
    handle: ({ params: [projectId = '', eipId = ''], state, requestId }) => {
      if (state.eip(projectId, eipId).portId === undefined) {
        throw new SimError(409, 'EIP.7902', 'The EIP is not associated with any instance.');
      }
      const change = state.unbindEip(projectId, eipId);
      return { status: 200, body: { publicip: eipV3View(state, change.eip, change.staleStatus), request_id: requestId } };
    },
  },
  {
    operation: HuaweiOperation.listPorts,
    method: 'GET',
    pattern: path('', 'v1', SEGMENT, 'ports'),
    format: 'v1',
    authenticated: true,
    handle: ({ params: [projectId = ''], query, state }) => {
      const ports = state.listPorts(projectId, {
        deviceIds: query.getAll('device_id'),
        ids: query.getAll('id'),
        networkIds: query.getAll('network_id'),
        marker: markerOf(query),
        limit: limitOf(query),
      });
      return { status: 200, body: { ports: ports.map(portView) } };
    },
  },
  {
    operation: HuaweiOperation.showPort,
    method: 'GET',
    pattern: path('', 'v1', SEGMENT, 'ports', SEGMENT),
    format: 'v1',
    authenticated: true,
    handle: ({ params: [projectId = '', portId = ''], state }) => ({
      status: 200,
      body: { port: portView(state.port(projectId, portId)) },
    }),
  },
  {
    operation: HuaweiOperation.listServerNics,
    method: 'GET',
    pattern: path('', 'v1', SEGMENT, 'cloudservers', SEGMENT, 'os-interface'),
    format: 'ecs',
    authenticated: true,
    handle: ({ params: [projectId = '', serverId = ''], state }) => ({
      status: 200,
      body: serverNicsView(state, state.server(projectId, serverId)),
    }),
  },
  {
    operation: HuaweiOperation.updateNicVip,
    method: 'PUT',
    pattern: path('', 'v1', SEGMENT, 'cloudservers', 'nics', SEGMENT),
    format: 'ecs',
    authenticated: true,
    handle: ({ params: [projectId = '', nicId = ''], body, state }) => {
      const { nic } = parseBody(body, nicVipSchema, () => new SimError(400, 'Ecs.0005', 'request body is illegal.'));
      const unbinding = nic.subnet_id === '' && nic.ip_address === '';
      if (!unbinding && (nic.subnet_id === '' || nic.ip_address === '')) {
        throw new SimError(400, 'Ecs.0005', 'request body is illegal: subnet_id and ip_address are both set or both empty.');
      }
      const port = state.setNicVip(projectId, nicId, nic.subnet_id, nic.ip_address);
      return { status: 200, body: { port_id: port.id } };
    },
  },
];
