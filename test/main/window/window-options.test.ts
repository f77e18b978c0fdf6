import { describe, expect, it, vi } from 'vitest';
import { mainWindowOptions } from '../../../main/window/window-options';

const created = vi.hoisted(() => ({ options: [] as unknown[], loaded: [] as string[], app: { isPackaged: true } }));
vi.mock('electron', () => ({
  app: created.app,
  BrowserWindow: class {
    constructor(options: unknown) {
      created.options.push(options);
    }
    once(): void {}
    async loadURL(url: string): Promise<void> {
      created.loaded.push(url);
    }
  },
}));

describe('the console window', () => {
  it('carries every security flag', () => {
    const web = mainWindowOptions('/app/out/preload/index.cjs', false).webPreferences!;
    expect(web).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(web).not.toHaveProperty('enableBlinkFeatures');
  });

  it('is created with those options and loads the bundled renderer from app://passerelle/', async () => {
    const { createMainWindow } = await import('../../../main/window/create-window');
    createMainWindow('/p.cjs');
    expect(created.options).toEqual([mainWindowOptions('/p.cjs', false)]);
    expect(created.loaded).toEqual(['app://passerelle/']);
  });

  it('has DevTools in development (unpackaged) builds only', async () => {
    const { createMainWindow } = await import('../../../main/window/create-window');
    created.options.length = 0;
    created.app.isPackaged = true;
    createMainWindow('/p.cjs');
    created.app.isPackaged = false;
    createMainWindow('/p.cjs');
    expect(created.options.map((o) => (o as { webPreferences: { devTools: boolean } }).webPreferences.devTools)).toEqual([false, true]);
  });
});
