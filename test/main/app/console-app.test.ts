import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEmitter } from 'node:events';
import { invokeChannels, type ConnectionState } from '../../../main/ipc/contract';
import { builtCli } from '../gateway-host/gateway-cli';

type FakeAppShape = EventEmitter & { isQuit: boolean; quit(): void };

// A fake `electron` that records calls. utilityProcess.fork runs the real gateway through
// child_process.fork, so the app's glue drives a real process, as it would in Electron.
const fake = vi.hoisted(() => ({
  userData: '',
  lock: true,
  calls: [] as string[],
  sent: [] as Array<[string, unknown]>,
  handled: [] as string[],
  schemes: [] as unknown[],
  tooltips: [] as string[],
  forked: [] as string[],
  app: null as unknown as FakeAppShape,
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const { fork: nodeForkFn } = await import('node:child_process');
  class FakeApp extends Emitter {
    isQuit = false;
    requestSingleInstanceLock = () => fake.lock;
    whenReady = async () => undefined;
    isReady = () => true;
    getVersion = () => '0.1.0';
    getPath = () => fake.userData;
    quit = () => {
      fake.calls.push('app.quit');
      let prevented = false;
      this.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) this.isQuit = true;
    };
  }
  fake.app = new FakeApp() as never;
  class BrowserWindow extends Emitter {
    webContents = { send: (channel: string, payload: unknown) => fake.sent.push([channel, payload]), reload: () => fake.calls.push('reload') };
    constructor() {
      super();
      fake.calls.push('window.created');
    }
    loadURL = async (url: string) => void fake.calls.push(`window.load ${url}`);
    isDestroyed = () => false;
    isMinimized = () => false;
    show = () => fake.calls.push('window.show');
    focus = () => fake.calls.push('window.focus');
  }
  class Tray extends Emitter {
    setToolTip = (t: string) => void fake.tooltips.push(t);
    setContextMenu = () => undefined;
    destroy = () => undefined;
  }
  return {
    app: fake.app,
    BrowserWindow,
    Tray,
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => fake.calls.push('menu.set') },
    nativeImage: { createFromDataURL: () => ({}) },
    ipcMain: { handle: (channel: string) => void fake.handled.push(channel) },
    protocol: { registerSchemesAsPrivileged: (s: unknown) => void fake.schemes.push(s), handle: () => fake.calls.push('protocol.handle') },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, setCertificateVerifyProc: () => undefined } },
    shell: { openExternal: async () => undefined },
    clipboard: { writeText: async () => undefined },
    safeStorage: {
      getSelectedStorageBackend: () => 'basic_text',
      isAsyncEncryptionAvailable: async () => false,
      isEncryptionAvailable: () => false,
    },
    utilityProcess: {
      fork: (modulePath: string, _args: string[], options: { env: Record<string, string> }) => {
        fake.forked.push(modulePath);
        const child = nodeForkFn(modulePath, [], { env: options.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
        // utilityProcess's surface: pid, stdout, stderr, 'exit' with a code, kill() = SIGTERM.
        const up = new Emitter() as InstanceType<typeof Emitter> & Record<string, unknown>;
        Object.assign(up, { stdout: child.stdout, stderr: child.stderr, kill: () => child.kill('SIGTERM') });
        Object.defineProperty(up, 'pid', { get: () => child.pid });
        child.once('exit', (code) => up.emit('exit', code ?? 1));
        return up;
      },
    },
  };
});

// electron-store imports electron; its engine, conf, on a temp directory stands in for it.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return { default: class extends Conf { constructor() { super({ cwd: fake.userData, projectName: 'passerelle-app-test' }); } } };
});

const dir = mkdtempSync(join(tmpdir(), 'passerelle-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function paths() {
  return { preload: '/app/out/preload/index.cjs', cli: builtCli(), renderer: join(dir, 'renderer') };
}

function waitForSent(match: (state: ConnectionState) => boolean, timeoutMs = 20_000): Promise<ConnectionState> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const hit = fake.sent.find(([c, s]) => c === 'passerelle:connection.changed' && match(s as ConnectionState));
      if (hit) {
        clearInterval(poll);
        resolve(hit[1] as ConnectionState);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`no matching state sent; sent: ${JSON.stringify(fake.sent.map(([c, s]) => [c, (s as ConnectionState).status]))}`));
      }
    }, 20);
  });
}

describe('the Electron glue (runConsole) with a recording electron', () => {
  beforeEach(() => {
    vi.resetModules();
    fake.userData = mkdtempSync(join(dir, 'user-'));
    fake.calls.length = fake.sent.length = fake.handled.length = fake.schemes.length = fake.tooltips.length = fake.forked.length = 0;
    fake.app?.removeAllListeners();
    if (fake.app) fake.app.isQuit = false;
  });

  it('quits at once when another instance holds the lock', async () => {
    fake.lock = false;
    const { runConsole } = await import('../../../main/app/console-app');
    runConsole(paths());
    expect(fake.calls).toEqual(['app.quit']);
    expect(fake.handled).toEqual([]);
    fake.lock = true;
  });

  it('starts the embedded gateway, tells the window, focuses it for a second instance, and drains on quit', async () => {
    const { runConsole } = await import('../../../main/app/console-app');
    runConsole({ ...paths(), preload: '/app/out/preload/index.cjs' });
    expect(fake.schemes).toEqual([[{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) }]]);
    expect(fake.handled.sort()).toEqual(Object.keys(invokeChannels).sort());

    const connected = await waitForSent((s) => s.status === 'connected');
    expect(connected.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.calls).toContain('window.load app://passerelle/');
    expect(fake.forked).toEqual([paths().cli]);
    expect((await fetch(`${connected.baseUrl}/api/admin/keys`, { headers: { authorization: `Bearer ${connected.adminToken}` } })).status).toBe(200);
    // The gateway allows the console page's origin (CORS), as the window needs.
    const preflight = await fetch(`${connected.baseUrl}/api/admin/keys`, { method: 'OPTIONS', headers: { origin: 'app://passerelle', 'access-control-request-method': 'GET' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('app://passerelle');
    await vi.waitFor(() => expect(fake.tooltips.at(-1)).toMatch(/Gateway running on 127\.0\.0\.1:\d+/));

    fake.app.emit('second-instance');
    expect(fake.calls).toContain('window.focus');

    fake.app.quit();
    expect(fake.app.isQuit).toBe(false); // held back while the gateway drains
    await vi.waitFor(() => expect(fake.app.isQuit).toBe(true), { timeout: 15_000 });
    await expect(fetch(`${connected.baseUrl}/healthz`)).rejects.toThrow();
    expect(fake.calls.filter((c) => c === 'app.quit')).toHaveLength(2);
  });
});

