import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/start-sandbox.js';

/**
 * The sandbox as a newcomer meets it: the console in a real (headless) Chromium, a
 * requester typing `/eip unbind`, an approver clicking Approve and confirming, and the
 * simulated cloud changing. Debian's Chromium with the flags the developers' notes give
 * for this machine (no sandbox, GPU, network services or first-run UI).
 */

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

const REQUESTER = 'U0REQUEST1';
const APPROVER = 'U0APPROVE1';
const ADDRESS = '203.0.113.162';
const EIP_ID = 'f6318bef-6508-4ea5-a48f-6152b6b1a8fb';

let sandbox: Sandbox | undefined;
let browser: BrowserContext | undefined;
let profile: string | undefined;

/** A failure, not a skip: a machine without Chromium must not pass the suite silently. */
const MISSING_CHROMIUM = `Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (CI's .ci/run installs it when missing)`;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  sandbox = await startSandbox({
    simulatorDelays: { bindMs: 50, unbindMs: 50, createMs: 50 },
    providers: { poll: { minDelayMs: 10, maxDelayMs: 40 } },
    slack: { progressFlushMs: 50 },
    logger: createLogger({ level: 'error' }),
  });
  // A fresh profile every run: no cache, cookies or storage from an earlier one.
  profile = await mkdtemp(join(tmpdir(), 'eipbot-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1440, height: 900 },
  });
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  if (profile !== undefined) await rm(profile, { recursive: true, force: true });
});

describe('the sandbox console in a real browser', () => {
  it('takes a requester’s /eip unbind to an approver’s confirmed Approve; the card, its thread, the Cloud panel and the simulator all show it done', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING_CHROMIUM);
    if (sandbox === undefined || browser === undefined) throw new Error('the sandbox or the browser did not start');
    const { simulators } = sandbox;
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(sandbox.consoleUrl);

    await page.locator(`button[data-user="${REQUESTER}"]`).click();
    await expect.poll(() => page.locator(`button[data-user="${REQUESTER}"]`).getAttribute('aria-pressed')).toBe('true');
    await page.locator('#composer').fill(`/eip unbind ${ADDRESS} --reason "INC-42: app-1 is compromised <img src=x onerror=window.pwned=1>"`);
    await page.keyboard.press('Enter');

    const card = page.locator('article.msg[data-ephemeral="false"]', { has: page.locator('button[data-button]', { hasText: 'Approve' }) });
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('<img src=x onerror=window.pwned=1>');
    expect(await card.locator('img').count()).toBe(0);
    const cardTs = await card.getAttribute('data-ts');
    const requestId = /R-[A-Z0-9]{6}/.exec((await card.textContent()) ?? '')?.[0] ?? 'no request id on the card';
    await page.locator('article.msg.ephemeral', { hasText: requestId }).filter({ hasText: 'Only visible to you' }).waitFor();

    await page.locator(`button[data-user="${APPROVER}"]`).click();
    await expect.poll(() => page.locator('#acting-as').textContent()).toContain('Alice Approver');
    const theCard = page.locator(`article.msg[data-ts="${cardTs}"]`);
    await theCard.locator('button[data-button]', { hasText: 'Approve' }).click();
    const dialog = page.locator('dialog.bk-confirm[open]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`Approve ${requestId}?`);
    await dialog.locator('button[value="confirm"]').click();

    await expect.poll(() => theCard.textContent(), { timeout: 15_000 }).toMatch(/succeeded/i);
    expect(await theCard.locator('button[data-button]', { hasText: 'Approve' }).count()).toBe(0);
    await page.locator(`#cloud tr[data-eip="${EIP_ID}"] .status`, { hasText: 'DOWN' }).waitFor();

    const eip = simulators.huaweiV1.state.eips().find((candidate) => candidate.address === ADDRESS);
    expect(eip).toMatchObject({ id: EIP_ID, status: 'DOWN' });
    expect(eip?.portId).toBeUndefined();
    await theCard.locator('.thread-summary').click();
    await page.locator('#thread-messages article.msg', { hasText: `unbind ${ADDRESS}` }).first().waitFor();
    await page.locator('button[data-tab="cloud"]').click();
    await page.locator(`#cloud tr[data-eip="${EIP_ID}"] button.address`).click();
    expect(await page.locator('#composer').inputValue()).toBe(`/eip show ${ADDRESS} --account hw-v1`);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console-unbind-approved.png') });
  });
});
