import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { issueProgressToken } from '@attain/db';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { ARTIFACTS, launchChromium } from '../support/browser.js';
import { freePort } from '../support/processes.js';
import { TestSystem, type TestClient } from '../support/test-system.js';

type Json = Record<string, unknown>;
const DAY = 86_400_000;
// Kept as test artifacts (git ignores the folder); the README's copies in docs/screenshots are updated by hand.
const SCREENSHOTS = ARTIFACTS;

/**
 * What an employer, an agent and a link preview see for each state of a credential: valid, expired,
 * suspended, revoked and forged, on /verify, the badge page and the progress page; every page run
 * through axe-core; and the pages' CSP, which forbids inline script and style, breaks nothing.
 */
describe('pages an employer can rely on, in headless Chromium', () => {
  let system: TestSystem;
  let client: TestClient;
  let browser: Browser;
  let axeContext: BrowserContext;
  let base: string;
  const learners = {
    valid: { id: 'tp-valid', email: 'valid@brokerage.example', name: 'Vera Valid' },
    revoked: { id: 'tp-revoked', email: 'revoked@brokerage.example', name: 'Rex Revoked' },
    suspended: { id: 'tp-suspended', email: 'suspended@brokerage.example', name: 'Sue Suspended' },
  };
  const credentials: Record<keyof typeof learners, Json> = { valid: {}, revoked: {}, suspended: {} };
  const uuidOf = (credential: Json) => (credential.id as string).slice('urn:uuid:'.length);
  const learnerId = async (lmsUserId: string) =>
    (
      (await system.db.selectFrom('learners').select('id').where('lms_user_id', '=', lmsUserId).execute()) as [
        { id: string },
      ]
    )[0].id;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    system = await TestSystem.start({ env: { PUBLIC_URL: base, STATUS_SUSPENSION: 'true' } });
    await system.listen(port);
    client = await system.createClient();
    await system.mapEveryStatement();
    const current = await system.admin('GET', '/admin/policies/41-3031.00/v.26.05');
    const policy = current.json.policy as { levels: Json[] };
    const saved = await system.admin('PUT', '/admin/policies/41-3031.00/v.26.05', {
      ...policy,
      levels: policy.levels.map((l) => (l.level === 'emerging' ? { ...l, validityDays: 30 } : l)),
    });
    expect(saved.statusCode).toBe(200);
    await system.startWorkers();
    for (const learner of Object.values(learners))
      await system.post(client, system.passingResults(learner).slice(0, 10));
    await system.waitForCredentials(3);
    for (const [key, learner] of Object.entries(learners))
      [credentials[key as keyof typeof learners]] = (await system.credentialsOf(learner.email)) as [Json];
    const revoke = await system.admin('POST', `/admin/credentials/${uuidOf(credentials.revoked)}/revoke`, {
      reason: 'awarded in error',
    });
    expect(revoke.statusCode).toBe(200);
    const suspend = await system.admin('POST', `/admin/credentials/${uuidOf(credentials.suspended)}/suspend`, {
      reason: 'under review by compliance',
    });
    expect(suspend.statusCode).toBe(200);
    browser = await launchChromium();
    axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1100, height: 1400 } });
  });
  afterAll(async () => {
    await browser.close();
    await system.close();
  });

  const open = async (path: string): Promise<Page> => {
    const page = await axeContext.newPage();
    await page.goto(`${base}${path}`);
    return page;
  };
  const expectAccessible = async (page: Page) => {
    expect(await axeViolations(page)).toEqual([]);
  };
  const verdictOf = async (page: Page) => {
    await page.locator('#result[data-state]').waitFor();
    return {
      state: await page.locator('#result').getAttribute('data-state'),
      tone: (await page.getByTestId('verdict').getAttribute('class'))?.replace('verdict ', ''),
      headline: await page.locator('.verdict .headline').textContent(),
      detail: await page
        .locator('.verdict .detail')
        .textContent({ timeout: 1000 })
        .catch(() => undefined),
    };
  };

  it('a valid credential, checked by its badge page URL: green, issued to whom, by a recognised issuer', async () => {
    const page = await open('/verify');
    await page.getByLabel('Badge page or credential link').fill(`${base}/badges/${uuidOf(credentials.valid)}`);
    await page.getByRole('button', { name: 'Verify link' }).click();
    expect(await verdictOf(page)).toMatchObject({ state: 'valid', tone: 'ok', headline: 'Genuine and in force' });
    await expect(page.locator('.verified-at').textContent()).resolves.toMatch(/^Verified at \d+ \w+ \d{4}/);
    await expect(page.getByTestId('recipient').textContent()).resolves.toBe('Issued to Vera Valid');
    const issuer = page.getByTestId('issuer');
    await expect(issuer.textContent()).resolves.toContain('Recognised issuer of this service');
    expect(await issuer.getByRole('link').getAttribute('href')).toMatch(/\/issuers\/default$/);
    await expect(page.locator('.badge-result').textContent()).resolves.toContain('Level: Emerging');
    expect(await page.evaluate<number>("document.querySelector('.badge-result img').naturalWidth")).toBeGreaterThan(0);
    expect(await page.locator('ul.checks li[data-outcome="passed"]').count()).toBe(5);
    await expect(page.getByRole('button', { name: 'Print this report' }).isVisible()).resolves.toBe(true);

    // The e-mail check runs in the page: the right address matches, another does not.
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.getByLabel("Check the recipient's e-mail address").fill(' Valid@Brokerage.example ');
    await page.getByRole('button', { name: 'Check e-mail' }).click();
    await expect(page.locator('#email-answer[data-match="true"]').textContent()).resolves.toMatch(/^✓ Matches/);
    await page.getByLabel("Check the recipient's e-mail address").fill('someone-else@brokerage.example');
    await page.getByRole('button', { name: 'Check e-mail' }).click();
    await expect(page.locator('#email-answer[data-match="false"]').textContent()).resolves.toMatch(/^✗ Does not/);
    expect(requests).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'verify-valid.png'), fullPage: true });
    await expectAccessible(page);
    await page.close();
  });

  it('a revoked credential opened by link: the verdict first, red, with the date and the reason', async () => {
    const page = await open(`/verify?id=${uuidOf(credentials.revoked)}`);
    const verdict = await verdictOf(page);
    expect(verdict).toMatchObject({ state: 'revoked', tone: 'bad', detail: 'Reason: awarded in error' });
    expect(verdict.headline).toMatch(/^Revoked by its issuer on \d+ \w+ \d{4}$/);
    const top = (selector: string) =>
      page.evaluate<number>(`document.querySelector('${selector}').getBoundingClientRect().top`);
    expect(await top('#result')).toBeLessThan(await top('#url-form'));
    await page.screenshot({ path: join(SCREENSHOTS, 'verify-revoked.png'), fullPage: true });
    await expectAccessible(page);
    await page.close();
  });

  it('a suspended credential: amber, since when and why', async () => {
    const page = await open(`/verify?url=${encodeURIComponent(`${base}/badges/${uuidOf(credentials.suspended)}`)}`);
    const verdict = await verdictOf(page);
    expect(verdict).toMatchObject({ state: 'suspended', tone: 'warn', detail: 'Reason: under review by compliance' });
    expect(verdict.headline).toMatch(/^Genuine, but suspended by its issuer since \d+ \w+ \d{4}$/);
    await page.close();
  });

  it('a forged credential: red, no claims, and the checks that depend on the signature read "Not checked"', async () => {
    const forged = { ...credentials.valid, name: 'Advanced — Securities Sales Agents' };
    const page = await open('/verify');
    await page.getByLabel('Or paste the credential JSON').fill(JSON.stringify(forged));
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    expect(await verdictOf(page)).toMatchObject({ state: 'invalid', tone: 'bad' });
    await expect(page.locator('.verdict .headline').textContent()).resolves.toBe('Not genuine: do not rely on it');
    expect(await page.locator('ul.checks li[data-outcome="failed"]').allTextContents()).toEqual([
      expect.stringMatching(/^Signature: /),
    ]);
    const notChecked = await page.locator('ul.checks li[data-outcome="not-checked"]').allTextContents();
    expect(notChecked.map((t) => t.split(':')[0])).toEqual([
      'Issuer and signing key',
      'Validity window',
      'Status (revoked or suspended?)',
    ]);
    for (const text of notChecked) expect(text).toContain('Not checked');
    const shown = (await page.locator('#result').textContent()) ?? '';
    expect(shown).not.toContain('Advanced');
    expect(shown).not.toContain('Vera Valid');
    expect(shown).not.toContain('What it stands for');
    expect(await page.getByTestId('recipient').count()).toBe(0);
    // Our own issuer's DID on a forgery is neither "recognised" nor "not ours": it is unconfirmed.
    const issuer = (await page.getByTestId('issuer').textContent()) ?? '';
    expect(issuer).toContain('Not confirmed: the signature did not verify');
    expect(issuer).not.toContain('Not an issuer of this service');
    await page.screenshot({ path: join(SCREENSHOTS, 'verify-forged.png'), fullPage: true });
    await expectAccessible(page);
    await page.close();
  });

  it("refused input shows the problem's detail; a link to another site is not fetched", async () => {
    const page = await open('/verify');
    const notABadge = await page.screenshot(); // a PNG with no credential in it
    await page.setInputFiles('#credential-file', { name: 'photo.png', mimeType: 'image/png', buffer: notABadge });
    await page.locator('#result[data-state="refused"]').waitFor();
    await expect(page.locator('.verdict').textContent()).resolves.toMatch(/Could not check this.+\S/);
    await page.getByLabel('Badge page or credential link').fill('https://elsewhere.example/badges/x');
    await page.getByRole('button', { name: 'Verify link' }).click();
    await expect(page.locator('.verdict p').nth(1).textContent()).resolves.toMatch(
      /^only a badge page or credential URL/,
    );
    await page.close();
  });

  it('the badge page of a revoked credential: a banner with date and reason, a greyed image, nothing to share', async () => {
    const page = await open(`/badges/${uuidOf(credentials.revoked)}`);
    await expect(page.getByTestId('status-banner').textContent()).resolves.toMatch(
      /revoked by its issuer on \d+ \w+ \d{4}[\s\S]*Reason: awarded in error/,
    );
    await expect(page.getByTestId('badge-status').textContent()).resolves.toBe('Revoked by the issuer');
    const filter = await page.evaluate<string>(
      `getComputedStyle(document.querySelector('[data-testid=badge-image]')).filter`,
    );
    expect(filter).toContain('grayscale(1)');
    await expect(page.textContent('main')).resolves.not.toContain('has earned');
    expect(await page.getByTestId('share').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Add to LinkedIn profile' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Copy verification link' }).count()).toBe(0);
    expect(await page.locator('.qr').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'badge-page-revoked.png'), fullPage: true });
    await expectAccessible(page);
    await page.close();
  });

  it('the badge page of a valid credential: share actions, link previews, and "Issued by" opens the issuer page', async () => {
    const page = await open(`/badges/${uuidOf(credentials.valid)}`);
    expect(await page.getByTestId('status-banner').count()).toBe(0);
    const meta = async (selector: string) => page.locator(selector).getAttribute('content');
    await expect(meta('meta[property="og:image"]')).resolves.toBe(
      `${base}/badges/${uuidOf(credentials.valid)}/image.png`,
    );
    await expect(meta('meta[property="og:url"]')).resolves.toBe(`${base}/badges/${uuidOf(credentials.valid)}`);
    await expect(meta('meta[property="og:title"]')).resolves.toContain('Emerging');
    await expect(meta('meta[property="og:description"]')).resolves.toContain('Vera Valid');
    await expect(meta('meta[name="twitter:card"]')).resolves.toBe('summary_large_image');
    const linkedIn = new URL((await page.getByRole('link', { name: 'Add to LinkedIn profile' }).getAttribute('href'))!);
    expect(linkedIn.searchParams.get('organizationName')).toBe('Attain Demo Brokerage');
    await expectAccessible(page);

    await page.getByTestId('issuer-link').click();
    await page.waitForURL(/\/issuers\/default$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Attain Demo Brokerage');
    await expect(page.getByTestId('recognised').textContent()).resolves.toContain('Recognised issuer of this service');
    await expect(page.getByTestId('issuer-did').textContent()).resolves.toBe(
      (credentials.valid.issuer as { id: string }).id,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'issuer-page.png'), fullPage: true });
    await expectAccessible(page);
    // The same URL still answers programs with the Profile.
    const json = await fetch(`${base}/issuers/default`, { headers: { accept: 'application/json' } });
    expect(await json.json()).toMatchObject({ type: ['Profile'], name: 'Attain Demo Brokerage' });
    await page.close();
  });

  it('framework, level and statement URLs are pages for browsers and JSON for programs; a styled 404', async () => {
    const statement = (credentials.valid.credentialSubject as { achievement: { alignment: { targetUrl: string }[] } })
      .achievement.alignment[0]!.targetUrl;
    const page = await open(new URL(statement).pathname);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.not.toBe('');
    await page.getByRole('link', { name: 'Emerging' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Emerging');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'The whole framework' }).click();
    expect(await page.locator('section.card').count()).toBe(4);
    await expectAccessible(page);
    const json = await fetch(`${base}${new URL(statement).pathname}`);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);

    const missing = await page.goto(`${base}/no/such/page`);
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not found');
    await expectAccessible(page);
    await page.close();
  });

  it('the progress page shows each level: earned and in force, suspended, revoked, in progress; its token is stored hashed', async () => {
    const states = async (lmsUserId: string) => {
      const token = await issueProgressToken(system.db, await learnerId(lmsUserId));
      const stored = await system.db
        .selectFrom('learners')
        .select('progress_token_hash')
        .where('lms_user_id', '=', lmsUserId)
        .executeTakeFirstOrThrow();
      expect(stored.progress_token_hash).toBe(createHash('sha256').update(token).digest('hex'));
      const page = await open(`/progress/${token}`);
      const found = await page.getByTestId('level-state').allTextContents();
      return { page, found, text: (await page.textContent('main')) ?? '' };
    };
    const valid = await states(learners.valid.id);
    expect(valid.found).toEqual(['Earned, in force', 'In progress', 'In progress', 'In progress']);
    expect(valid.text).toMatch(/Expires on \d+ \w+ \d{4}/);
    expect(valid.text).toMatch(/10\s+statements remain/);
    await expectAccessible(valid.page);
    await valid.page.close();
    const suspended = await states(learners.suspended.id);
    expect(suspended.found[0]).toBe('Suspended');
    expect(suspended.text).toContain('Reason: under review by compliance');
    await suspended.page.close();
    const revoked = await states(learners.revoked.id);
    expect(revoked.found[0]).toBe('Revoked');
    expect(revoked.text).toMatch(/Revoked by the issuer on \d+ \w+ \d{4}\. Reason: awarded in error/);
    await revoked.page.screenshot({ path: join(SCREENSHOTS, 'progress-page.png'), fullPage: true });
    await revoked.page.close();
  });

  it('every page loads under its CSP with no violation, and carries the security headers', async () => {
    const context = await browser.newContext(); // no bypassCSP
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const token = await issueProgressToken(system.db, await learnerId(learners.valid.id));
    const pages = [
      `/verify?id=${uuidOf(credentials.valid)}`,
      `/badges/${uuidOf(credentials.valid)}`,
      `/badges/${uuidOf(credentials.revoked)}`,
      `/progress/${token}`,
      '/issuers/default',
      '/frameworks/41-3031.00/v.26.05',
      '/nowhere',
    ];
    for (const path of pages) {
      const response = await page.goto(`${base}${path}`);
      const headers = response!.headers();
      expect(headers['content-security-policy'], path).toMatch(/script-src 'self'; style-src 'self'/);
      expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBe(
        path.startsWith('/progress/') ? 'no-referrer' : 'strict-origin-when-cross-origin',
      );
      // The stylesheet applied (so it loaded): the body is not the browser's default white.
      expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor'), path).toBe(
        'rgb(246, 247, 249)',
      );
      if (path.startsWith('/verify')) await page.locator('#result[data-state="valid"]').waitFor();
    }
    expect(violations).toEqual([]);
    const dashboard = await fetch(`${base}/admin/queues`);
    expect(dashboard.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(dashboard.headers.get('x-content-type-options')).toBe('nosniff');
    const css = await fetch(`${base}${(await page.locator('link[rel=stylesheet]').getAttribute('href')) ?? ''}`);
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    await context.close();
  });

  it('once past its validUntil: amber on /verify, an expiry banner on the badge page, "Expired" on progress', async () => {
    system.advanceClock(31 * DAY);
    const page = await open(`/verify?id=${uuidOf(credentials.valid)}`);
    const verdict = await verdictOf(page);
    expect(verdict).toMatchObject({ state: 'expired', tone: 'warn' });
    expect(verdict.headline).toMatch(/^Genuine, but expired on \d+ \w+ \d{4}$/);
    await page.goto(`${base}/badges/${uuidOf(credentials.valid)}`);
    await expect(page.getByTestId('status-banner').textContent()).resolves.toMatch(/expired on \d+ \w+ \d{4}/);
    expect(await page.getByRole('link', { name: 'Add to LinkedIn profile' }).count()).toBe(0);
    await page.goto(`${base}/progress/${await issueProgressToken(system.db, await learnerId(learners.valid.id))}`);
    await expect(page.getByTestId('level-state').first().textContent()).resolves.toBe('Expired');
    await page.close();
  });
});
