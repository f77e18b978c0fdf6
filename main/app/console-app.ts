import { app, clipboard, ipcMain, Menu, protocol, safeStorage, session, shell, type BrowserWindow } from 'electron';
import Store from 'electron-store';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerIpcHandlers } from '../ipc/ipc-router';
import { originOf } from '../ipc/sender-policy';
import { utilityProcessFork } from '../gateway-host/utility-process-fork';
import { safeStorageCipher } from '../secrets/safe-storage-cipher';
import { installGuards } from '../security/install-guards';
import { installCertificatePins } from '../connection/certificate-verify-proc';
import { createMainWindow } from '../window/create-window';
import { createTray } from '../tray/console-tray';
import { appMenuTemplate } from '../menu/app-menu';
import type { ConsoleActions } from '../tray/tray-menu';
import { APP_SCHEME_PRIVILEGES, serveRenderer } from './app-protocol';
import { ConsoleServices } from './console-services';
import { consoleIpcHandlers } from './ipc-handlers';

// out/main/index.js → out/preload, out/gateway, out/renderer. The gateway runs from inside app.asar
// (utilityProcess loads from it, and its imports resolve against the packed node_modules).
const here = dirname(fileURLToPath(import.meta.url));
const BUILT_PATHS: ConsolePaths = {
  preload: join(here, '..', 'preload', 'index.cjs'),
  cli: join(here, '..', 'gateway', 'cli.js'),
  renderer: join(here, '..', 'renderer'),
};

export interface ConsolePaths {
  preload: string;
  cli: string;
  renderer: string;
}

/** The Electron glue: single instance, services, protocol, guards, IPC, window, tray, menu, drain on quit. */
export function runConsole(paths: ConsolePaths = BUILT_PATHS): void {
  protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const services = new ConsoleServices({
    store: new Store({ name: 'config' }), cipher: safeStorageCipher(safeStorage), fork: utilityProcessFork, cliPath: paths.cli, rendererDir: paths.renderer,
  });
  const window = windowController(paths.preload);
  const servedOrigins = new Set<string>();
  const actions: ConsoleActions = {
    open: window.open,
    start: () => void services.host.start(),
    stop: () => void services.host.stop(),
    restart: () => void services.host.restart(),
    quit: () => app.quit(),
  };
  // Before `ready` the first window is on its way anyway.
  const openWhenReady = (): void => (app.isReady() ? window.open() : undefined);
  app.on('second-instance', openWhenReady);
  app.on('activate', openWhenReady);
  app.on('window-all-closed', () => (process.platform !== 'darwin' ? app.quit() : undefined));
  wireIpc(services, window, servedOrigins);
  drainOnQuit(services);
  app.whenReady().then(() => onReady(services, paths, window, actions, servedOrigins)).catch((err: unknown) => console.error('passerelle: start failed', err));
}

interface WindowController {
  open(): void;
  send(channel: string, payload: unknown): void;
  reload(): void;
}

/** The one console window: created on demand, focused when it exists. */
function windowController(preloadPath: string): WindowController {
  let win: BrowserWindow | null = null;
  const isAlive = (w: BrowserWindow | null): w is BrowserWindow => w !== null && !w.isDestroyed();
  return {
    open() {
      if (isAlive(win)) {
        if (win.isMinimized()) win.restore();
        win.show();
        win.focus();
        return;
      }
      win = createMainWindow(preloadPath);
      win.on('closed', () => (win = null));
    },
    send: (channel, payload) => (isAlive(win) ? win.webContents.send(channel, payload) : undefined),
    reload: () => (isAlive(win) ? win.webContents.reload() : undefined),
  };
}

/** IPC handlers, and main's events pushed to the page. */
function wireIpc(services: ConsoleServices, window: WindowController, servedOrigins: Set<string>): void {
  registerIpcHandlers(ipcMain, consoleIpcHandlers(services, {
    shell,
    clipboard,
    appInfo: () => ({ version: app.getVersion(), electron: process.versions.electron ?? '', platform: process.platform, userDataDir: app.getPath('userData') }),
    onAttached: (url) => {
      // The page's CSP lists the gateways known when it loaded; a profile added since needs a reload.
      const origin = originOf(url);
      if (origin && !servedOrigins.has(origin)) window.reload();
    },
  }), { onError: (channel, err) => console.error(`passerelle: IPC ${channel} failed`, err) });
  services.connection.on('changed', (state) => window.send('passerelle:connection.changed', state));
  services.host.on('log', (line) => window.send('passerelle:gateway.logged', line));
}

async function onReady(services: ConsoleServices, paths: ConsolePaths, window: WindowController, actions: ConsoleActions, servedOrigins: Set<string>): Promise<void> {
  // The session exists only once the app is ready; no web contents exists before this either.
  installGuards(app, session.defaultSession, shell, { warn: (m) => console.warn(`passerelle: ${m}`) });
  // The page calls remote gateways itself: their pinned certificates are the only ones accepted.
  installCertificatePins(session.defaultSession, () => services.profiles.list());
  serveRenderer(protocol, paths.renderer, () => remoteOrigins(services), (origins) => origins.forEach((o) => servedOrigins.add(o)));
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, actions, !app.isPackaged)));
  // Before the page can call IPC: a secret set now must know whether it may be persisted.
  await services.vault.init();
  window.open();
  const tray = createTray(actions, services.connection.state());
  services.connection.on('changed', (state) => tray.update(state));
  await services.open();
}

function remoteOrigins(services: ConsoleServices): string[] {
  return services.profiles.list().map((p) => originOf(p.url)).filter((o): o is string => o !== null);
}

/** Quit waits for the embedded gateway to drain (SIGTERM, then kill after the bound). */
function drainOnQuit(services: ConsoleServices): void {
  let state: 'running' | 'draining' | 'drained' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'drained') return;
    event.preventDefault();
    if (state === 'draining') return;
    state = 'draining';
    void services.shutdown().finally(() => {
      state = 'drained';
      app.quit();
    });
  });
}
