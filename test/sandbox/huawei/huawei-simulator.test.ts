import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../../src/clock.js';
import { ConfigError } from '../../../src/errors.js';
import { formatSdkDate, signSdkHmacSha256 } from '../../../src/providers/huawei/signer.js';
import { defaultHuaweiSeed } from '../../../src/sandbox/huawei/default-seed.js';
import { startHuaweiSimulator, type HuaweiSimulator, type HuaweiSimulatorOptions } from '../../../src/sandbox/huawei/huawei-simulator.js';

const fixtures = fileURLToPath(new URL('../../fixtures/huawei/', import.meta.url));
const PROJECT = defaultHuaweiSeed.projectId;
const AK = defaultHuaweiSeed.credentials.aksk[0]!.accessKey;
const SK = defaultHuaweiSeed.credentials.aksk[0]!.secretKey;
const USER = defaultHuaweiSeed.credentials.users[0]!;
const BOUND_EIP = 'f6318bef-6508-4ea5-a48f-6152b6b1a8fb';
const FREE_EIP = '2ec9b78d-9368-46f3-8f29-d1a95622a568';
const WEB1_PORT = '02c72193-efec-42fb-853b-c33f2b802467';
const APP1_PORT = 'a135e9b8-1630-40d2-a6c5-eb534a61efbe';
const DB1_NIC = 'd32019d3-bc6e-4319-9c1d-6722fc136a23';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: unknown;
}

interface RawRequest {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  query?: Record<string, string | string[]>;
  body?: string;
  headers?: Record<string, string>;
}

function send(baseUrl: string, request: RawRequest): Promise<Answer> {
  const url = new URL(baseUrl + request.path);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item);
  }
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method: request.method, headers: request.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, json: text === '' ? undefined : JSON.parse(text) });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(request.body ?? '');
  });
}

/** Signs as the official SDK does; `tamper` changes what is sent after signing. */
function signed(
  sim: HuaweiSimulator,
  request: RawRequest,
  options: { date?: number; secretKey?: string; accessKey?: string; sentBody?: string } = {},
): Promise<Answer> {
  const body = request.body ?? '';
  const headers = {
    'Content-Type': 'application/json',
    'X-Project-Id': PROJECT,
    'X-Sdk-Date': formatSdkDate(options.date ?? Date.now()),
  };
  const signature = signSdkHmacSha256(
    { method: request.method, url: sim.url + request.path, query: request.query, headers, body },
    options.accessKey ?? AK,
    options.secretKey ?? SK,
  );
  return send(sim.url, {
    ...request,
    body: options.sentBody ?? body,
    headers: { ...headers, Host: signature.host, Authorization: signature.authorization },
  });
}

async function issueToken(sim: HuaweiSimulator, password = USER.password): Promise<Answer> {
  return send(sim.url, {
    method: 'POST',
    path: '/v3/auth/tokens',
    headers: { 'Content-Type': 'application/json;charset=utf8' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: USER.user, password, domain: { name: USER.domain } } } },
        scope: { project: { name: defaultHuaweiSeed.projectName } },
      },
    }),
  });
}

function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.now();
  return {
    now: () => now,
    sleep: systemClock.sleep,
    advance: (ms) => {
      now += ms;
    },
  };
}

const showFree = { method: 'GET', path: `/v1/${PROJECT}/publicips/${FREE_EIP}` } as const;

describe('Huawei simulator', () => {
  let sim: HuaweiSimulator;
  let clock: ReturnType<typeof manualClock>;

  async function restart(options: HuaweiSimulatorOptions = {}): Promise<void> {
    await sim.close();
    sim = await startHuaweiSimulator({ clock, delays: { bindMs: 1_000, unbindMs: 1_000, createMs: 1_000 }, ...options });
  }

  beforeEach(async () => {
    clock = manualClock();
    sim = await startHuaweiSimulator({ clock, delays: { bindMs: 1_000, unbindMs: 1_000, createMs: 1_000 } });
  });

  afterEach(async () => {
    await sim.close();
  });

  describe('authentication', () => {
    it('accepts a request signed as the official SDK signs and tags the answer with a request id', async () => {
      const answer = await signed(sim, showFree);

      expect(answer.status).toBe(200);
      expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
      expect(answer.json).toMatchObject({ publicip: { id: FREE_EIP, status: 'DOWN', public_ip_address: '203.0.113.12' } });
    });

    it('refuses a wrong signature with the API Gateway 401 body', async () => {
      const answer = await signed(sim, showFree, { secretKey: 'not-the-secret-key' });

      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({
        error_code: 'APIG.0301',
        error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
        request_id: answer.headers['x-request-id'],
      });
    });

    it('refuses a body changed after signing', async () => {
      const answer = await signed(
        sim,
        { method: 'PUT', path: `/v1/${PROJECT}/publicips/${FREE_EIP}`, body: JSON.stringify({ publicip: { port_id: WEB1_PORT } }) },
        { sentBody: JSON.stringify({ publicip: { port_id: APP1_PORT } }) },
      );

      expect(answer.status).toBe(401);
      expect(sim.state.eipOnPort(APP1_PORT)?.id).toBe(BOUND_EIP);
    });

    it('refuses an X-Sdk-Date more than 15 minutes old', async () => {
      const answer = await signed(sim, showFree, { date: clock.now() - 20 * 60_000 });

      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ error_code: 'APIGW.0303' });
      expect((answer.json as { error_msg: string }).error_msg).toContain('15 minutes');
      expect((await signed(sim, showFree, { date: clock.now() - 14 * 60_000 })).status).toBe(200);
    });

    it('refuses an access key it does not know', async () => {
      const answer = await signed(sim, showFree, { accessKey: 'HPUAUNKNOWNAK0000000' });
      expect(answer.json).toMatchObject({
        error_code: 'APIG.0301',
        error_msg: 'Incorrect IAM authentication information: ak HPUAUNKNOWNAK0000000 not exist',
      });
    });

    it('issues an IAM token in X-Subject-Token with its expiry and project', async () => {
      const answer = await issueToken(sim);

      expect(answer.status).toBe(201);
      expect(answer.headers['x-subject-token']).toMatch(/^MII/);
      const token = (answer.json as { token: { expires_at: string; project: { id: string; name: string } } }).token;
      expect(token.project).toMatchObject({ id: PROJECT, name: 'cn-north-4' });
      expect(token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(Date.parse(token.expires_at) - clock.now()).toBe(24 * 3_600_000);
    });

    it('refuses a wrong IAM password with the Keystone 401 body', async () => {
      const answer = await issueToken(sim, 'wrong');
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } });
    });

    it('accepts the tokens it issued and refuses expired, unknown or missing ones with the real body', async () => {
      const token = (await issueToken(sim)).headers['x-subject-token'] as string;
      expect((await send(sim.url, { ...showFree, headers: { 'X-Auth-Token': token } })).status).toBe(200);

      clock.advance(24 * 3_600_000);
      const expired = await send(sim.url, { ...showFree, headers: { 'X-Auth-Token': token } });
      expect(expired.status).toBe(401);
      expect(expired.json).toMatchObject({ error_code: 'APIG.0301' });
      expect((expired.json as { error_msg: string }).error_msg).toMatch(
        /^Incorrect IAM authentication information: token expires, expires_at: /,
      );

      const unknown = await send(sim.url, { ...showFree, headers: { 'X-Auth-Token': 'MIIforged' } });
      expect(unknown.json).toMatchObject({ error_msg: 'Incorrect IAM authentication information: decrypt token fail' });

      const missing = await send(sim.url, showFree);
      expect(missing.json).toMatchObject({ error_msg: 'Incorrect IAM authentication information: x-auth-token not found' });
    });

    it("refuses a path whose project is not the credential's (VPC.0007)", async () => {
      const other = 'ffffffffffffffffffffffffffffffff';
      const answer = await signed(sim, { method: 'GET', path: `/v1/${other}/publicips/${FREE_EIP}` });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ code: 'VPC.0007', message: 'urlTenantId is not equal tokenTenantId' });
    });
  });

  describe('EIP state', () => {
    const put = (eipId: string, body: unknown) => ({ method: 'PUT', path: `/v1/${PROJECT}/publicips/${eipId}`, body: JSON.stringify(body) }) as const;
    const show = (eipId: string) => ({ method: 'GET', path: `/v1/${PROJECT}/publicips/${eipId}` }) as const;
    const statusOf = async (eipId: string) => ((await signed(sim, show(eipId))).json as { publicip: { status: string } }).publicip.status;

    it.each([
      ['"port_id": "" (seed 000)', { publicip: { port_id: '' } }],
      ['an empty publicip (Terraform)', { publicip: {} }],
    ])('unbinds with %s, answering the stale ACTIVE while GET goes through PENDING_UPDATE to DOWN', async (_name, body) => {
      const answer = await signed(sim, put(BOUND_EIP, body));

      expect(answer.status).toBe(200);
      const publicip = (answer.json as { publicip: Record<string, unknown> }).publicip;
      expect(publicip.status).toBe('ACTIVE');
      expect(publicip.port_id).toBeUndefined();
      expect(await statusOf(BOUND_EIP)).toBe('PENDING_UPDATE');
      clock.advance(1_000);
      expect(await statusOf(BOUND_EIP)).toBe('DOWN');
    });

    it('binds through PENDING_UPDATE and BINDING to ACTIVE', async () => {
      const answer = await signed(sim, put(FREE_EIP, { publicip: { port_id: WEB1_PORT } }));

      expect(answer.json).toMatchObject({ publicip: { status: 'DOWN', port_id: WEB1_PORT, private_ip_address: '192.168.0.75' } });
      expect(await statusOf(FREE_EIP)).toBe('PENDING_UPDATE');
      clock.advance(500);
      expect(await statusOf(FREE_EIP)).toBe('BINDING');
      clock.advance(500);
      expect(await statusOf(FREE_EIP)).toBe('ACTIVE');
    });

    it('keeps one EIP per port, one port per EIP, and refuses changes while one is in flight', async () => {
      expect((await signed(sim, put(FREE_EIP, { publicip: { port_id: APP1_PORT } }))).json).toEqual({
        code: 'VPC.0511',
        message: 'Port has already associated with floatingip.',
      });
      expect((await signed(sim, put(BOUND_EIP, { publicip: { port_id: WEB1_PORT } }))).json).toMatchObject({ code: 'VPC.0510' });

      await signed(sim, put(FREE_EIP, { publicip: { port_id: WEB1_PORT } }));
      const busy = await signed(sim, put(FREE_EIP, { publicip: { port_id: '' } }));
      expect(busy.status).toBe(409);
      expect(busy.json).toMatchObject({ code: 'VPC.0512' });

      const both = await signed(sim, put(FREE_EIP, { publicip: { port_id: WEB1_PORT, ip_version: 4 } }));
      expect(both.json).toMatchObject({ code: 'VPC.0501' });
    });

    it('answers EIP.7902 in the v3 shape when disassociating an EIP that is not bound', async () => {
      const answer = await signed(sim, { method: 'POST', path: `/v3/${PROJECT}/eip/publicips/${FREE_EIP}/disassociate-instance` });

      expect(answer.status).toBe(409);
      expect(answer.json).toMatchObject({ error_code: 'EIP.7902', request_id: answer.headers['x-request-id'] });
    });

    it('creates EIPs as PENDING_CREATE, then DOWN, within the quota', async () => {
      const create = {
        method: 'POST',
        path: `/v1/${PROJECT}/publicips`,
        body: JSON.stringify({ publicip: { type: '5_bgp', alias: 'eipbot-R-AAAAAA' }, bandwidth: { name: 'eipbot-R-AAAAAA', size: 5, share_type: 'PER' } }),
      } as const;
      const created = await signed(sim, create);

      expect(created.json).toMatchObject({ publicip: { status: 'PENDING_CREATE', bandwidth_size: 0, alias: 'eipbot-R-AAAAAA' } });
      const id = (created.json as { publicip: { id: string } }).publicip.id;
      clock.advance(1_000);
      expect(await statusOf(id)).toBe('DOWN');

      sim.state.eipQuota = sim.state.eips().length;
      expect((await signed(sim, create)).json).toEqual({ code: 'VPC.0521', message: "Quota exceeded for resources: ['floatingip']." });
    });
  });

  describe('ports and ECS NICs', () => {
    it('lists a server’s ports with the primary interface marked, as seed 001 shows', async () => {
      const answer = await signed(sim, {
        method: 'GET',
        path: `/v1/${PROJECT}/ports`,
        query: { device_id: '5d0f8a3c-1b7e-4c2a-9f61-2a9c3e8b7d41' },
      });

      const ports = (answer.json as { ports: { id: string; 'binding:vif_details': { primary_interface: boolean } }[] }).ports;
      expect(ports.map((port) => [port.id, port['binding:vif_details'].primary_interface]).sort()).toEqual(
        [
          [APP1_PORT, true],
          ['8c4e2f1a-6d3b-4f7e-9a21-c5b8d0e3f472', false],
        ].sort(),
      );
    });

    it('lists a server’s NICs with camelCase top-level keys, and refuses an unknown server in the ECS shape', async () => {
      const nics = await signed(sim, { method: 'GET', path: `/v1/${PROJECT}/cloudservers/b7e1c9d2-4f3a-4b5c-8d6e-0f1a2b3c4d5e/os-interface` });
      expect(nics.json).toMatchObject({ attachableQuantity: { free_nic: 11 }, interfaceAttachments: [{ port_id: DB1_NIC }] });

      const missing = await signed(sim, { method: 'GET', path: `/v1/${PROJECT}/cloudservers/00000000-0000-4000-8000-000000000000/os-interface` });
      expect(missing.status).toBe(404);
      expect(missing.json).toEqual({ error: { code: 'Ecs.0114', message: 'The ECS does not exist.' } });
    });

    it('unbinds a NIC virtual IP with empty strings and answers the NIC id (seed 003)', async () => {
      const path = `/v1/${PROJECT}/cloudservers/nics/${DB1_NIC}`;
      const answer = await signed(sim, { method: 'PUT', path, body: '{"nic":{"subnet_id":"","ip_address":"","reverse_binding":false}}' });

      expect(answer.json).toEqual({ port_id: DB1_NIC });
      expect(sim.state.ports().find((port) => port.id === DB1_NIC)?.allowedAddressPairs).toEqual([]);
      const illegal = await signed(sim, { method: 'PUT', path, body: '{"subnet_id":""}' });
      expect(illegal.json).toEqual({ error: { code: 'Ecs.0005', message: 'request body is illegal.' } });
    });
  });

  describe('throttling and faults', () => {
    it('throttles an account beyond its rate with the real 429 APIG.0308', async () => {
      await restart({ rateLimitPerSecond: 2 });

      const answers = [await signed(sim, showFree), await signed(sim, showFree), await signed(sim, showFree)];

      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
      expect(answers[2]?.json).toMatchObject({ error_code: 'APIG.0308' });
      clock.advance(1_000);
      expect((await signed(sim, showFree)).status).toBe(200);
    });

    it('answers an unknown API with APIG.0101', async () => {
      const answer = await signed(sim, { method: 'GET', path: `/v2/${PROJECT}/nothing` });
      expect(answer.status).toBe(404);
      expect(answer.json).toMatchObject({ error_code: 'APIG.0101' });
    });

    it('breaks or holds connections on demand, counts every call, and still closes', async () => {
      sim.faults.inject({ operation: 'GET publicip', response: 'reset' });
      await expect(signed(sim, showFree)).rejects.toThrow(/ECONNRESET|socket hang up/);

      sim.faults.inject({ operation: 'GET publicip', response: 'hang' });
      const held = signed(sim, showFree);
      const heldOutcome = held.then(
        () => 'answered',
        () => 'dropped',
      );
      await expect.poll(() => sim.stats.calls.length).toBe(2);

      expect(sim.stats.calls.map((call) => call.outcome)).toEqual(['reset', 'hang']);
      expect(sim.stats.count('GET publicip')).toBe(2);
      await sim.close();
      expect(await heldOutcome).toBe('dropped');
      sim = await startHuaweiSimulator({ clock });
    });
  });

  describe('seeds', () => {
    it('starts with the default sandbox seed and its credentials', async () => {
      const answer = await signed(sim, { method: 'GET', path: `/v1/${PROJECT}/publicips` });
      expect((answer.json as { publicips: unknown[] }).publicips).toHaveLength(defaultHuaweiSeed.eips.length);
    });

    it.each(['seed.yml', 'seed.json'])('loads servers, EIPs and credentials from %s', async (file) => {
      await restart({ seed: `${fixtures}${file}` });
      const keys = [...sim.state.accessKeys.keys()];

      expect(keys).toHaveLength(1);
      expect(sim.state.ports().length).toBeGreaterThan(0);
      expect(sim.state.eips().length).toBeGreaterThan(0);
    });

    it('marks the NIC the seed calls primary, or else the first', async () => {
      await restart({ seed: `${fixtures}seed.yml` });
      expect(sim.state.ports().map((port) => [port.privateIp, port.primary])).toEqual([
        ['10.0.0.5', false],
        ['10.0.1.5', true],
      ]);
      expect(sim.state.users[0]).toMatchObject({ user: '14821671 OTC00000000001000000XXX', projectName: 'eu-de' });
    });

    it('rejects a bad seed file, naming every problem by its path', async () => {
      const error = await startHuaweiSimulator({ seed: `${fixtures}bad-seed.yml` }).then(
        () => undefined,
        (reason: unknown) => reason,
      );

      expect(error).toBeInstanceOf(ConfigError);
      const paths = (error as ConfigError).problems.map((problem) => problem.path.replace(fixtures, ''));
      expect(paths).toEqual(
        expect.arrayContaining([
          'bad-seed.yml: projectId',
          'bad-seed.yml: servers.0.nics.0.privateIp',
          'bad-seed.yml: eips.0.boundTo',
          'bad-seed.yml: eips.1',
        ]),
      );
    });
  });
});
