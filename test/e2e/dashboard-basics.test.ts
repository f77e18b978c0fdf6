import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestGateway, type TestGateway } from '../helpers/in-process-gateway';
import { ensureDashboardBuilt } from './dashboard-build';
import { launchChromium, screenshot, watchPageErrors } from './chromium';
import { ShellPage } from './pages/shell-page';
import { KeysPage } from './pages/keys-page';
import { EventsPage } from './pages/events-page';

/** Form controls without an accessible name (label, aria-label or text), as outerHTML. */
function unnamedControls(page: Page): Promise<string[]> {
  return page.locator('input, select, textarea, button').evaluateAll((els) => els.filter((e) => {
    const el = e as unknown as { labels?: { length: number }; getAttribute(n: string): string | null; textContent: string; type?: string; hidden?: boolean };
    return el.type !== 'hidden' && !el.hidden && !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim();
  }).map((e) => (e as unknown as { outerHTML: string }).outerHTML.slice(0, 120)));
}

// The journeys that need nothing but the gateway itself: sign in, keys, live events, every page renders.
describe('dashboard in Chromium against the real gateway', () => {
  let gw: TestGateway;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let shell: ShellPage;

  beforeAll(async () => {
    const dist = ensureDashboardBuilt();
    gw = await startTestGateway({ FRONTEND_DIST: dist });
    ({ browser, close: closeBrowser } = await launchChromium());
    context = await browser.newContext();
    page = await context.newPage();
    errors = watchPageErrors(page);
    shell = new ShellPage(page, gw.url);
  });
  afterAll(async () => {
    await closeBrowser?.();
  });

  it('asks for the admin token, refuses a wrong one with the gateway\'s hint, and loads the shell with the right one', async () => {
    await shell.open('/');
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('alert').filter({ hasText: 'admin token is not valid' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('admin-token file');
    await screenshot(page, '00-token-gate');

    await shell.signIn(gw.token);
    await shell.expectLiveConnected();
    // Kept in localStorage, as the guide allows in a normal window: a reload goes straight in.
    await page.reload();
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
  });

  it('creates an API key, shows its secret once, and the key works on /v1', async () => {
    await shell.goTo('Keys');
    const keys = new KeysPage(page);
    const secret = await keys.createKey('e2e notebook');
    expect(secret).toMatch(/^\S{20,}$/);
    const row = keys.row('e2e notebook');
    await row.waitFor();
    expect(await row.textContent()).toContain(secret.slice(-4));
    await screenshot(page, '05-keys-created');
    await keys.dismissSecret();
    expect(await page.getByTestId('created-key').count()).toBe(0);
    // The list never shows the secret again, and the gateway honours it.
    expect(await page.content()).not.toContain(secret);
    const res = await fetch(`${gw.url}/v1/models`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);

    // The key dialog at the top right keeps it for /v1 calls, in localStorage as this browser allows.
    await page.getByRole('button', { name: 'API key', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'API key for /v1' });
    await dialog.getByLabel('API key').fill(secret);
    await dialog.getByRole('button', { name: 'Save key' }).click();
    await dialog.getByText('API key saved.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: `API key …${secret.slice(-4)}` }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('passerelle.apiKey'))).toBe(secret);
  });

  it('shows runtime events live, and filters them by search', async () => {
    await shell.goTo('Events');
    const events = new EventsPage(page);
    await events.waitForKind('key.created', 'e2e notebook');
    // A new event, made behind the page's back, arrives over the SSE stream without a reload.
    const created = await gw.admin('/api/admin/keys', { method: 'POST', body: JSON.stringify({ name: 'live-arrival' }) });
    expect(created.status).toBe(201);
    await events.waitForKind('key.created', 'live-arrival');
    await events.search('live-arrival');
    expect(await events.rowCount()).toBe(1);
    await screenshot(page, '06-events');
  });

  it('revokes a key from the Keys page', async () => {
    await shell.goTo('Keys');
    const keys = new KeysPage(page);
    await keys.revoke('live-arrival');
    const list = await (await gw.admin('/api/admin/keys')).json() as { keys: { name: string }[] };
    expect(list.keys.map((k) => k.name)).not.toContain('live-arrival');
  });

  it('is usable from the keyboard: skip link, then the navigation with Tab and Enter', async () => {
    await shell.open('/#/models');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Models' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).toBe('Skip to content');
    let reached = '';
    for (let i = 0; i < 12 && reached !== 'Events'; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent);
    }
    expect(reached).toBe('Events');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
  });

  it('follows the system\'s dark theme', async () => {
    const background = () => page.evaluate(() => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string }; document: { body: unknown } }).getComputedStyle((globalThis as unknown as { document: { body: unknown } }).document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    expect(light).toBe('rgb(246, 247, 249)');
    expect(dark).toBe('rgb(17, 20, 24)');
    await screenshot(page, '07-events-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('renders every page with a screenshot, without page errors', async () => {
    for (const [i, title] of ['Models', 'GPUs', 'Audio lab', 'Playground', 'Diagnostics', 'Connections'].entries()) {
      await shell.goTo(title);
      await page.waitForTimeout(300);
      await screenshot(page, `${String(i + 10)}-${title.toLowerCase().replace(/\s+/g, '-')}`);
      expect(await unnamedControls(page), title).toEqual([]);
    }
    // 404s for routes this gateway lacks are expected console noise; script errors are not.
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
