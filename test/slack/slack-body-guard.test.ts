import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { malformedSlackBody, rejectMalformedBodies } from '../../src/slack/slack-body-guard.js';

const FORM = 'application/x-www-form-urlencoded';
const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());
const payload = (value: unknown) => form({ payload: JSON.stringify(value) });
const click = { type: 'block_actions', user: { id: 'U0ALICE01', team_id: 'T0EIPBOT1' }, team: { id: 'T0EIPBOT1' }, channel: { id: 'C0OPS0001' }, actions: [{ action_id: 'eip_approve' }] };

describe('what may reach Bolt at /slack/events', () => {
  it('lets through slash commands, even with fields missing, clicks, other interactions Bolt routes, and ssl_check', () => {
    expect(malformedSlackBody(FORM, form({ command: '/eip', text: 'help', team_id: 'T0EIPBOT1', user_id: 'U0RITA001', channel_id: 'C0OPS0001' }))).toBeUndefined();
    expect(malformedSlackBody(FORM, form({ command: '/eip' }))).toBeUndefined();
    expect(malformedSlackBody(FORM, payload(click))).toBeUndefined();
    expect(malformedSlackBody(FORM, payload({ type: 'shortcut', user: { id: 'U0RITA001' }, team: null }))).toBeUndefined();
    expect(malformedSlackBody(FORM, payload({ type: 'view_submission', user: { id: 'U0RITA001' }, view: { id: 'V1' } }))).toBeUndefined();
    expect(malformedSlackBody(FORM, form({ ssl_check: '1', token: 'x' }))).toBeUndefined();
  });

  it.each([
    ['a null payload, which ends the process inside Bolt', payload(null)],
    ['a payload that is a number or a list', payload(42)],
    ['a payload without a type, which Bolt never acks', payload({ actions: [{ action_id: 'eip_approve' }], user: { id: 'U0RITA001' } })],
    ['a click without its user, which Bolt fails on before the ack', payload({ ...click, user: undefined })],
    ['a click with no actions', payload({ ...click, actions: [] })],
    ['a click whose channel is null', payload({ ...click, channel: null })],
    ['a modal submission without its view', payload({ type: 'view_submission', user: { id: 'U0RITA001' } })],
    ['a type Bolt cannot route', payload({ type: 'interactive_thing', user: { id: 'U0RITA001' } })],
    ['a workspace id that names an Object property', form({ command: '/eip', team_id: 'valueOf' })],
    ['a click from a workspace named __proto__', payload({ ...click, team: { id: '__proto__' } })],
    ['a payload that is not JSON', form({ payload: '{"type":' })],
    ['two payloads', Buffer.from('payload=%7B%7D&payload=%7B%7D')],
    ['a form that is neither a command nor a payload', form({ text: 'help' })],
  ])('refuses %s', (_name, body) => {
    expect(malformedSlackBody(FORM, body)).toEqual(expect.any(String));
  });

  it('refuses JSON, other content types and a missing one: eipbot takes no Events API calls', () => {
    const body = Buffer.from(JSON.stringify(click));
    for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded; charset=utf-8', undefined]) {
      expect(malformedSlackBody(type, body), String(type)).toEqual(expect.any(String));
    }
  });
});

describe('the guard in front of Bolt', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    server = undefined;
  });

  async function guarded(): Promise<{ url: string; reached: { rawBody: string }[] }> {
    const reached: { rawBody: string }[] = [];
    const listener = rejectMalformedBodies((request: IncomingMessage, response) => {
      reached.push({ rawBody: String((request as IncomingMessage & { rawBody?: Buffer }).rawBody) });
      response.writeHead(200).end();
    }, createLogger({ level: 'error' }));
    server = createServer(listener);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, reached };
  }

  it('answers 400 at once and never calls Bolt for a body it would choke on', async () => {
    const { url, reached } = await guarded();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': FORM }, body: 'payload=null' });
    expect(response.status).toBe(400);
    expect(reached).toEqual([]);
  });

  it('hands a command to Bolt already read, as the rawBody Bolt looks for', async () => {
    const { url, reached } = await guarded();
    const body = 'command=%2Feip&text=help&team_id=T0EIPBOT1';
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': FORM }, body })).status).toBe(200);
    expect(reached).toEqual([{ rawBody: body }]);
  });

  it('answers 413 to a body over Bolt\'s 4 MB limit', async () => {
    const { url, reached } = await guarded();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': FORM }, body: `command=%2Feip&text=${'a'.repeat(4 * 1024 * 1024)}` });
    expect(response.status).toBe(413);
    expect(reached).toEqual([]);
  });
});
