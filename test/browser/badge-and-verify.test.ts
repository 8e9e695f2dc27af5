import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bakePng, extractFromPng } from '@attain/badges';
import { issueProgressToken } from '@attain/db';
import { verifyCredential as independentVerify } from '@digitalcredentials/verifier-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium } from '../support/browser.js';
import { freePort } from '../support/processes.js';
import { TestSystem, type TestClient } from '../support/test-system.js';

type Json = Record<string, unknown>;
const OB_SCHEMA_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/** A person with a browser: an agent's badge page, and an employer checking what they were given. */
describe('badge pages and the verification page, in headless Chromium', () => {
  let system: TestSystem;
  let client: TestClient;
  let browser: Browser;
  let base: string;
  let credential: Json;
  let uuid: string;
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    system = await TestSystem.start({ env: { PUBLIC_URL: base } });
    await system.listen(port);
    client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
    await system.post(
      client,
      system.passingResults({ id: 'b-1', email: 'b-1@brokerage.example', name: 'Bea Broker' }).slice(0, 10),
    );
    await system.waitForCredentials(1);
    [credential] = (await system.credentialsOf('b-1@brokerage.example')) as [Json];
    uuid = (credential.id as string).slice('urn:uuid:'.length);
    browser = await launchChromium();
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await browser.close();
    await system.close();
  });

  const open = async (path: string, viewport = { width: 1100, height: 1400 }): Promise<Page> => {
    const page = await browser.newPage({ viewport, acceptDownloads: true });
    await page.goto(`${base}${path}`);
    return page;
  };

  it('shows the badge page: level, the ten statements with when they were demonstrated, status and actions', async () => {
    const page = await open(`/badges/${uuid}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Emerging');
    expect(await page.getByTestId('statement').count()).toBe(10);
    await expect(page.getByTestId('statement').first().textContent()).resolves.toMatch(
      /Demonstrated in assessment[\s\S]*passed \d+ \w+ \d{4}/,
    );
    await expect(page.getByTestId('badge-status').textContent()).resolves.toBe('Valid');
    const text = (await page.textContent('body')) ?? '';
    expect(text).not.toContain('b-1@brokerage.example');
    expect(text).not.toMatch(/0\.9|90 ?%/); // no score
    const linkedIn = await page.getByRole('link', { name: 'Add to LinkedIn profile' }).getAttribute('href');
    expect(new URL(linkedIn!).searchParams.get('certId')).toBe(uuid);
    expect(await page.locator('.qr svg').count()).toBe(1);
    expect(await page.evaluate<number>("document.querySelector('img').naturalWidth")).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'badge-page.png'), fullPage: true });
    await page.close();
  });

  it('downloads the baked PNG, which verifies on the verification page and in an independent verifier', async () => {
    const page = await open(`/badges/${uuid}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download badge image (PNG)' }).click(),
    ]);
    const pngPath = join(ARTIFACTS, 'downloaded-badge.png');
    await download.saveAs(pngPath);
    await page.close();
    const png = await readFile(pngPath);
    expect(JSON.parse(extractFromPng(png)!)).toEqual(credential);

    // The employer, on a phone-sized screen, uploads it.
    const verify = await open('/verify', { width: 390, height: 844 });
    await verify.setInputFiles('#credential-file', pngPath);
    await expect(verify.locator('.verdict .headline').textContent()).resolves.toBe('Genuine and in force');
    const checks = await verify.locator('ul.checks li').allTextContents();
    expect(checks.map((c) => c.split(':')[0])).toEqual([
      'Well-formed credential',
      'Signature',
      'Issuer and signing key',
      'Validity window',
      'Status (revoked or suspended?)',
    ]);
    expect(await verify.locator('ol.statements li').count()).toBe(10);
    expect(await verify.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await verify.screenshot({ path: join(ARTIFACTS, 'verify-page.png'), fullPage: true });
    await verify.close();

    // Another verifier, not ours, with the credential from the same downloaded image.
    const schema = await readFile(
      new URL('../../packages/credentials/schemas/achievementcredential.schema.json', import.meta.url),
      'utf8',
    );
    globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url === OB_SCHEMA_URL)
        return Promise.resolve(new Response(schema, { headers: { 'content-type': 'application/json' } }));
      return realFetch(input, init);
    };
    const result = (await independentVerify({
      credential: JSON.parse(extractFromPng(png)!) as Parameters<typeof independentVerify>[0]['credential'],
      knownDIDRegistries: [],
    })) as { errors?: unknown[]; log?: { id: string; valid?: boolean }[] };
    globalThis.fetch = realFetch;
    expect(result.errors).toBeUndefined();
    const log = Object.fromEntries((result.log ?? []).map((e) => [e.id, e.valid]));
    expect(log).toMatchObject({ valid_signature: true, revocation_status: true, expiration: true });
  });

  it('names the failed check for a tampered badge image, using only the keyboard', async () => {
    const png = await readFile(join(ARTIFACTS, 'downloaded-badge.png'));
    const forged = { ...credential, name: 'Advanced — Securities, Commodities, and Financial Services Sales Agents' };
    const tamperedPath = join(ARTIFACTS, 'tampered-badge.png');
    await writeFile(tamperedPath, bakePng(png, JSON.stringify(forged)));

    const page = await open('/verify');
    await page.setInputFiles('#credential-file', tamperedPath);
    await expect(page.locator('.verdict .detail').textContent()).resolves.toMatch(
      /^The credential was changed after it was signed/,
    );
    expect(await page.locator('li.check-failed').allTextContents()).toEqual([expect.stringMatching(/^Signature: /)]);
    await page.screenshot({ path: join(ARTIFACTS, 'verify-tampered.png'), fullPage: true });

    // Paste and submit with the keyboard alone.
    await page.locator('#credential-json').focus();
    await page.keyboard.insertText(JSON.stringify(credential));
    await page.keyboard.press('Tab');
    await expect(page.evaluate<string>('document.activeElement?.textContent')).resolves.toBe('Verify');
    await page.keyboard.press('Enter');
    await expect(page.locator('#result[data-state="valid"] .verdict .headline').textContent()).resolves.toBe(
      'Genuine and in force',
    );
    await page.close();
  });

  it('reports a revoked credential on the verification link and on its badge page', async () => {
    expect(
      (await system.admin('POST', `/admin/credentials/${uuid}/revoke`, { reason: 'browser test' })).statusCode,
    ).toBe(200);
    const page = await open(`/verify?id=${uuid}`);
    await expect(page.locator('.verdict .headline').textContent()).resolves.toMatch(/^Revoked by its issuer on /);
    await page.screenshot({ path: join(ARTIFACTS, 'verify-revoked.png'), fullPage: true });
    await page.goto(`${base}/badges/${uuid}`);
    await expect(page.getByTestId('badge-status').textContent()).resolves.toBe('Revoked by the issuer');
    await page.close();
  });

  it('shows an agent their progress across the four levels', async () => {
    const [learner] = (await system.db
      .selectFrom('learners')
      .select('id')
      .where('lms_user_id', '=', 'b-1')
      .execute()) as [{ id: string }];
    const page = await open(`/progress/${await issueProgressToken(system.db, learner.id)}`);
    expect(await page.getByTestId('level').count()).toBe(4);
    expect(await page.locator('li.done').count()).toBe(10);
    expect(await page.locator('li.todo').count()).toBe(30);
    await page.screenshot({ path: join(ARTIFACTS, 'progress-page.png'), fullPage: true });
    await page.close();
  });
});
