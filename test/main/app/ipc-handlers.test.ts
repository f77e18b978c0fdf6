import { afterAll, describe, expect, it } from 'vitest';
import { ConsoleServices } from '../../../main/app/console-services';
import { consoleIpcHandlers } from '../../../main/app/ipc-handlers';
import { nodeFork } from '../../../main/gateway-host/node-fork';
import type { ConnectionState } from '../../../main/ipc/contract';
import { registerIpcHandlers } from '../../../main/ipc/ipc-router';
import { createBridge } from '../../../main/preload/bridge';
import { tempDir } from '../../helpers/temp-dir';
import { builtCli } from '../gateway-host/gateway-cli';
import { fakeIpc } from '../ipc/fake-ipc';
import { confStore, fakeKeychainCipher } from '../secrets/fake-keychain';

const HF1 = 'hf_firsttokenfirsttoken0123456789';
const HF2 = 'hf_secondtokensecondtoken987654321';

async function consoleWith(cipher = fakeKeychainCipher()) {
  const services = new ConsoleServices({
    store: confStore(tempDir('passerelle-ipc-')), cipher, fork: nodeFork, cliPath: builtCli(), rendererDir: '/nonexistent/renderer',
    // No internet in tests: the gateway's whoami goes to a closed port.
    baseEnv: { PATH: process.env.PATH, HF_ENDPOINT: 'http://127.0.0.1:9', LOG_LEVEL: 'info' },
  });
  await services.vault.init();
  const ipc = fakeIpc();
  const opened: string[] = [];
  const clipboard: string[] = [];
  registerIpcHandlers(ipc.main, consoleIpcHandlers(services, {
    shell: { openExternal: async (u) => void opened.push(u) },
    clipboard: { writeText: async (t) => void clipboard.push(t) },
    appInfo: () => ({ version: '0.1.0', electron: '45.5.0', platform: 'linux', userDataDir: '/tmp' }),
  }));
  const replies: unknown[] = [];
  const bridge = createBridge({ ...ipc.renderer, invoke: async (...a) => { const r = await ipc.renderer.invoke(...a); replies.push(r); return r; } });
  afterAll(() => services.shutdown());
  return { services, bridge, replies, opened, clipboard };
}

async function until(get: () => Promise<ConnectionState>, match: (s: ConnectionState) => boolean): Promise<ConnectionState> {
  for (let i = 0; i < 400; i++) {
    const s = await get();
    if (match(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('state not reached');
}

describe('console IPC handlers over the bridge', () => {
  it('passes the cache directory and the keychain HF token to the embedded gateway, and never the token to the renderer', async () => {
    const { bridge, replies } = await consoleWith();
    const cacheDir = tempDir('passerelle-ipc-cache-');
    expect(await bridge.settings.update({ cacheDir })).toEqual({ cacheDir, autoStart: true });
    expect(await bridge.hfToken.set({ token: HF1 })).toEqual({ isConfigured: true, isPersisted: true, masked: 'hf_…6789', isRestartNeeded: false });

    await bridge.connection.useEmbedded();
    const c = await until(() => bridge.connection.get(), (s) => s.status === 'connected');
    const auth = { headers: { authorization: `Bearer ${c.adminToken}` } };
    const system = await (await fetch(`${c.baseUrl}/api/system`, auth)).json() as { cache: { path: string } };
    expect(system.cache.path).toBe(cacheDir);
    const hf = await (await fetch(`${c.baseUrl}/api/admin/hf-token`, auth)).json() as { configured: boolean; source: string; masked: string };
    expect(hf).toMatchObject({ configured: true, source: 'env', masked: 'hf_…6789' });

    // A new token applies at the next start: the UI is told a restart is due.
    expect((await bridge.hfToken.set({ token: HF2 })).isRestartNeeded).toBe(true);
    await bridge.gateway.restart();
    const again = await until(() => bridge.connection.get(), (s) => s.status === 'connected');
    expect((await bridge.hfToken.status()).isRestartNeeded).toBe(false);
    const hf2 = await (await fetch(`${again.baseUrl}/api/admin/hf-token`, { headers: { authorization: `Bearer ${again.adminToken}` } })).json() as { masked: string };
    expect(hf2.masked).toBe('hf_…4321');

    const { lines } = await bridge.gateway.logs({ limit: 200 });
    expect(lines.some((l) => l.text.includes('"event":"ready"'))).toBe(true);
    const everything = JSON.stringify(replies) + JSON.stringify(lines);
    expect(everything).not.toContain(HF1);
    expect(everything).not.toContain(HF2);
    expect((await bridge.hfToken.clear()).isConfigured).toBe(false);
    expect((await bridge.gateway.stop()).state).toBe('stopped');
  });

  it('tells the renderer when secrets stay in memory only (basic_text)', async () => {
    const { bridge } = await consoleWith(fakeKeychainCipher({ isAvailable: false, backend: 'basic_text', reason: 'No keyring was found (safeStorage backend "basic_text").' }));
    expect(await bridge.secrets.status()).toEqual({ isPersistent: false, backend: 'basic_text', reason: expect.stringContaining('keyring') });
    expect((await bridge.hfToken.set({ token: HF1 })).isPersisted).toBe(false);
    const p = await bridge.profiles.add({ name: 'lab', url: 'https://gw.example.com', adminToken: 'pat_0123456789abcdef0123', certificateSha256: Array.from({ length: 32 }, () => '0F').join(':') });
    expect(p.isTokenPersisted).toBe(false);
  });

  it('keeps API keys in the keychain and copies them in main, never sending them back', async () => {
    const { bridge, replies, clipboard, services } = await consoleWith();
    const key = 'psk_createdonce0123456789abcdefghij';
    expect(await bridge.apiKeys.save({ name: 'lab laptop', key })).toEqual({ keys: [{ name: 'lab laptop', masked: 'psk_…ghij', isPersisted: true }] });
    await bridge.apiKeys.copy({ name: 'lab laptop' });
    expect(clipboard).toEqual([key]);
    expect(JSON.stringify(replies)).not.toContain(key);
    expect(JSON.stringify(services.settings.profiles())).not.toContain(key);
    await expect(bridge.apiKeys.copy({ name: 'nope' })).rejects.toMatchObject({ error: { code: 'key_not_found', param: 'name' } });
    expect(await bridge.apiKeys.remove({ name: 'lab laptop' })).toEqual({ keys: [] });
  });

  it('opens https links only', async () => {
    const { bridge, opened } = await consoleWith();
    await bridge.shell.openExternal('https://huggingface.co/settings/tokens');
    await expect(bridge.shell.openExternal('http://huggingface.co/')).rejects.toMatchObject({ error: { code: 'external_url_refused' } });
    expect(opened).toEqual(['https://huggingface.co/settings/tokens']);
  });
});
