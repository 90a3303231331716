import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackBotHarness } from '../support/slack-bot-harness.js';

let harness: SlackBotHarness;

beforeEach(async () => {
  harness = await SlackBotHarness.start();
});

afterEach(async () => {
  await harness.close();
});

async function get(path: string): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(`${harness.bot.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

describe('the bot’s HTTP routes', () => {
  it('answers /healthz with {"status":"ok"}', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: '{"status":"ok"}' });
  });

  it('answers /readyz with 200 and each named check when the store and Slack answer', async () => {
    expect(await get('/readyz')).toMatchObject({ status: 200, body: '{"store":"ok","slack":"ok"}' });
    expect(harness.fake.calls('auth.test')).toHaveLength(2);
    await get('/readyz');
    // Slack's answer is reused for a few seconds: probes come often, auth.test need not.
    expect(harness.fake.calls('auth.test')).toHaveLength(2);
  });

  it('answers /readyz with 503 and names the store when the store is closed', async () => {
    await harness.store.close();
    const { status, body } = await get('/readyz');
    expect(status).toBe(503);
    const checks = JSON.parse(body) as Record<string, string>;
    expect(checks.slack).toBe('ok');
    expect(checks.store).toMatch(/^failing: The SQLite store .*eipbot.sqlite is closed\.$/);
  });

  it('answers /readyz with 503 and names Slack when Slack refuses the token', async () => {
    harness.fake.failNext('auth.test', { kind: 'error', error: 'token_revoked' });
    expect(await get('/readyz')).toMatchObject({ status: 503, body: '{"store":"ok","slack":"failing: token_revoked"}' });
  });

  it('serves Prometheus metrics with the product’s eipbot_ names beside the runtime’s', async () => {
    const { status, type, body } = await get('/metrics');
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain/);
    expect(body).toContain('# TYPE eipbot_requests_total counter');
    expect(body).toContain('# TYPE eipbot_provider_call_duration_seconds histogram');
    expect(body).toContain('nodejs_heap_size_total_bytes');
  });

  it('answers unknown routes with 404 and a GET on /slack/events with 405', async () => {
    expect((await get('/admin')).status).toBe(404);
    expect((await get('/slack/events')).status).toBe(405);
  });
});
