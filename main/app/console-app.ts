import { app, ipcMain, Menu, protocol, safeStorage, session, shell, type BrowserWindow } from 'electron';
import Store from 'electron-store';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerIpcHandlers } from '../ipc/ipc-router';
import { originOf } from '../ipc/sender-policy';
import { utilityProcessFork } from '../gateway-host/utility-process-fork';
import { safeStorageCipher } from '../secrets/safe-storage-cipher';
import { installGuards } from '../security/install-guards';
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
  let win: BrowserWindow | null = null;
  const services = new ConsoleServices({
    store: new Store({ name: 'config' }), cipher: safeStorageCipher(safeStorage), fork: utilityProcessFork, cliPath: paths.cli, rendererDir: paths.renderer,
  });
  const servedOrigins = new Set<string>();
  const open = (): void => {
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
      return;
    }
    win = createMainWindow(paths.preload);
    win.on('closed', () => (win = null));
  };
  const send = (channel: string, payload: unknown): void => {
    if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
  };
  const actions: ConsoleActions = {
    open,
    start: () => void services.host.start(),
    stop: () => void services.host.stop(),
    restart: () => void services.host.restart(),
    quit: () => app.quit(),
  };
  app.on('second-instance', () => {
    if (app.isReady()) open(); // before `ready` the first window is on its way anyway
  });
  installGuards(app, session.defaultSession, shell, { warn: (m) => console.warn(`passerelle: ${m}`) });
  registerIpcHandlers(ipcMain, consoleIpcHandlers(services, {
    shell,
    appInfo: () => ({ version: app.getVersion(), electron: process.versions.electron ?? '', platform: process.platform, userDataDir: app.getPath('userData') }),
    onAttached: (url) => {
      // The page's CSP lists the gateways known when it loaded; a profile added since needs a reload.
      const origin = originOf(url);
      if (origin && !servedOrigins.has(origin) && win) win.webContents.reload();
    },
  }), { onError: (channel, err) => console.error(`passerelle: IPC ${channel} failed`, err) });
  services.connection.on('changed', (state) => send('passerelle:connection.changed', state));
  services.host.on('log', (line) => send('passerelle:gateway.logged', line));
  drainOnQuit(services);

  void app.whenReady().then(async () => {
    serveRenderer(protocol, paths.renderer, () => remoteOrigins(services), (origins) => origins.forEach((o) => servedOrigins.add(o)));
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, actions)));
    // Before the page can call IPC: a secret set now must know whether it may be persisted.
    await services.vault.init();
    open();
    const tray = createTray(actions, services.connection.state());
    services.connection.on('changed', (state) => tray.update(state));
    await services.open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', open);
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
