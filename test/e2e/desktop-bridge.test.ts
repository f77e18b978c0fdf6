import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestGateway, type TestGateway } from '../helpers/in-process-gateway';
import { ensureDashboardBuilt } from './dashboard-build';
import { launchChromium, screenshot, watchPageErrors } from './chromium';
import { ShellPage } from './pages/shell-page';

/**
 * The renderer as it runs in Electron: `window.passerelle` (the preload bridge of main/ipc/contract)
 * is a stand-in that behaves like main's (the Electron binary is not on this machine), and the
 * gateway it points at is the real one.
 */
function fakeBridgeScript({ baseUrl, token, port }: { baseUrl: string; token: string; port: number }): void {
  const w = globalThis as unknown as Record<string, unknown>;
  const calls: string[] = [];
  const listeners: Array<(s: unknown) => void> = [];
  const embedded = { state: 'ready', pid: 4242, port, consecutiveFailures: 0, nextRestartAt: null, lastError: null, cacheDir: '/srv/models' };
  let state: Record<string, unknown> = { mode: 'embedded', status: 'connected', baseUrl, adminToken: token, profile: null, embedded, error: null };
  let profiles: Array<{ name: string; url: string; isTokenPersisted: boolean }> = [];
  const log = { seq: 1, time: new Date().toISOString(), stream: 'stdout', text: '{"msg":"gateway ready"}' };
  w.bridgeCalls = calls;
  w.emitConnection = (next: Record<string, unknown>) => {
    state = { ...state, ...next };
    for (const l of listeners) l(state);
  };
  // main's keychain copy of the HF token (only its masked form ever reaches the page)
  let hfToken: string | null = null;
  const hfStatus = () => ({ isConfigured: hfToken !== null, isPersisted: hfToken !== null, masked: hfToken ? `hf_…${hfToken.slice(-4)}` : null, isRestartNeeded: hfToken !== null });
  const rec = <T>(name: string, value: T) => async () => { calls.push(name); return value; };
  w.passerelle = {
    app: { info: rec('app.info', { version: '0.1.0', electron: '45', platform: 'linux', userDataDir: '/tmp' }) },
    connection: { get: async () => state, useEmbedded: async () => state, onChanged: (l: (s: unknown) => void) => { listeners.push(l); return () => undefined; } },
    gateway: { start: rec('gateway.start', embedded), stop: rec('gateway.stop', embedded), restart: rec('gateway.restart', embedded), logs: async () => ({ lines: [log] }), onLogged: () => () => undefined },
    settings: { get: async () => ({ cacheDir: null, autoStart: true }), update: async () => ({ cacheDir: null, autoStart: true }) },
    profiles: {
      list: async () => ({ profiles }),
      add: async (p: { name: string; url: string }) => { calls.push('profiles.add'); const made = { name: p.name, url: p.url, isTokenPersisted: true }; profiles = [...profiles, made]; return made; },
      test: async () => ({ ok: true, version: '0.1.0', latencyMs: 3, error: null }),
      switch: async () => state,
      remove: async ({ name }: { name: string }) => { profiles = profiles.filter((p) => p.name !== name); return { profiles }; },
    },
    hfToken: {
      status: async () => hfStatus(),
      set: async ({ token }: { token: string }) => { calls.push('hfToken.set'); hfToken = token; return hfStatus(); },
      clear: async () => { calls.push('hfToken.clear'); hfToken = null; return hfStatus(); },
    },
    secrets: { status: async () => ({ isPersistent: true, backend: 'gnome_libsecret', reason: null }) },
    apiKeys: { list: async () => ({ keys: [] }), save: async () => ({ keys: [] }), copy: async () => undefined, remove: async () => ({ keys: [] }) },
    shell: { openExternal: async () => undefined },
  };
}

describe('the renderer in Electron mode (preload bridge) against the real gateway', () => {
  let gw: TestGateway;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    gw = await startTestGateway({ FRONTEND_DIST: ensureDashboardBuilt() });
    ({ browser, close: closeBrowser } = await launchChromium());
    page = await (await browser.newContext()).newPage();
    errors = watchPageErrors(page);
    await page.addInitScript(fakeBridgeScript, { baseUrl: gw.url, token: gw.token, port: gw.port });
    await page.goto(`${gw.url}/#/connections`);
  });
  afterAll(async () => {
    await closeBrowser?.();
  });

  it('takes the gateway and token from main: no token prompt, nothing in localStorage', async () => {
    const shell = new ShellPage(page, gw.url);
    await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
    await shell.expectLiveConnected();
    expect(await page.locator('input[name="admin-token"]').count()).toBe(0);
    expect(await page.evaluate(() => JSON.stringify({ ...(globalThis as unknown as { localStorage: object }).localStorage }))).toBe('{}');
  });

  it('shows the embedded gateway\'s state, port, cache and logs, and restarts it through the bridge', async () => {
    const card = page.getByRole('region', { name: 'Embedded gateway' });
    expect(await card.textContent()).toContain(`127.0.0.1:${gw.port}`);
    expect(await card.textContent()).toContain('/srv/models');
    await page.getByText('Logs (1 lines)').click();
    expect(await page.getByLabel('Embedded gateway logs').textContent()).toContain('gateway ready');
    await page.getByRole('button', { name: 'Restart' }).click();
    await page.waitForFunction(() => ((globalThis as unknown as { bridgeCalls: string[] }).bridgeCalls).includes('gateway.restart'));
  });

  it('adds, tests and removes a remote profile', async () => {
    const form = page.getByRole('form', { name: 'Add a remote gateway' });
    await form.getByLabel('Name').fill('dgx');
    await form.getByLabel('URL').fill('https://dgx.example:8000');
    await form.getByLabel('Admin token').fill('a-very-long-admin-token-0123');
    await form.getByRole('button', { name: 'Add profile' }).click();
    const row = page.getByRole('table', { name: 'Remote profiles' }).getByRole('row').filter({ hasText: 'dgx' });
    await row.waitFor();
    await page.getByRole('button', { name: 'Test dgx' }).click();
    await row.filter({ hasText: 'ok · 0.1.0' }).waitFor();
    await screenshot(page, '30-connections-electron');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Remove dgx' }).click();
    await row.waitFor({ state: 'detached' });
  });

  it('keeps the embedded gateway\'s HF token in main\'s keychain: the gateway never receives it over HTTP', async () => {
    await page.getByRole('link', { name: 'Keys' }).click();
    const card = page.getByRole('region', { name: 'Hugging Face token' });
    await card.getByLabel('New token').fill('hf_keychainkeychainWXYZ');
    await card.getByRole('button', { name: 'Save token' }).click();
    await card.getByTestId('hf-keychain-status').filter({ hasText: 'hf_…WXYZ' }).waitFor();
    expect(await card.getByTestId('hf-keychain-status').textContent()).toContain('kept in the OS keychain');
    expect(await page.evaluate(() => (globalThis as unknown as { bridgeCalls: string[] }).bridgeCalls)).toContain('hfToken.set');
    expect(await (await gw.admin('/api/admin/hf-token')).json()).toMatchObject({ configured: false });
    await card.getByRole('button', { name: 'Restart the gateway to use it' }).waitFor();
    expect(await page.getByRole('region', { name: 'Keys kept by this console' }).textContent()).toContain('None.');
    expect(await page.getByRole('alert').count()).toBe(0);
    await screenshot(page, '31-keys-electron');
    await page.getByRole('link', { name: 'Connections' }).click();
  });

  it('follows main when the gateway goes down and comes back', async () => {
    await page.evaluate(() => (globalThis as unknown as { emitConnection: (s: object) => void }).emitConnection({ status: 'down', baseUrl: null, adminToken: null, error: { message: 'The embedded gateway exited with code 1.', type: 'api_error', param: null, code: 'gateway_exited', hint: 'Restart it from the Connections page.' } }));
    await page.getByText('The embedded gateway exited with code 1.').first().waitFor();
    await page.evaluate(({ url, token }) => (globalThis as unknown as { emitConnection: (s: object) => void }).emitConnection({ status: 'connected', baseUrl: url, adminToken: token, error: null }), { url: gw.url, token: gw.token });
    await new ShellPage(page, gw.url).expectLiveConnected();
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
